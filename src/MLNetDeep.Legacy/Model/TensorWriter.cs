namespace MLNetDeep.Legacy.Model;

using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

/// <summary>Concatenates named float32 arrays (little-endian) into the model's weights entry and indexes them.</summary>
internal sealed class TensorWriter
{
    private readonly MemoryStream _data = new();

    public JsonObject Index { get; } = new();

    public void Add(string name, ReadOnlySpan<float> values)
    {
        if (Index.ContainsKey(name))
        {
            throw new InvalidOperationException($"Tensor '{name}' written twice.");
        }

        Index[name] = new JsonObject { ["offset"] = _data.Length, ["length"] = values.Length };
        _data.Write(MemoryMarshal.AsBytes(values));
    }

    public byte[] ToArray() => _data.ToArray();
}
