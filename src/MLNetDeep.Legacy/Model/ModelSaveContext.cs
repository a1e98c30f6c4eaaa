namespace MLNetDeep.Legacy.Model;

using System.Text.Json.Nodes;

/// <summary>
/// Where one pipeline step writes itself when a model is saved: small settings and fitted values as JSON in
/// <see cref="State"/>, large float arrays (weights) as named tensors stored in the binary part of the file.
/// </summary>
internal sealed class ModelSaveContext
{
    private readonly TensorWriter _tensors;
    private readonly string _prefix;

    public ModelSaveContext(TensorWriter tensors, string prefix)
    {
        _tensors = tensors;
        _prefix = prefix;
    }

    public JsonObject State { get; } = new();

    /// <summary>Names of the tensors this step wrote, in order.</summary>
    public JsonArray TensorNames { get; } = [];

    public void AddTensor(string name, ReadOnlySpan<float> values)
    {
        _tensors.Add(_prefix + name, values);
        TensorNames.Add(name);
    }
}
