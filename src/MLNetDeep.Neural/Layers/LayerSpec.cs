namespace MLNetDeep.Neural.Layers;

using System.Collections.ObjectModel;
using System.Globalization;

/// <summary>
/// A built layer described as data (<see cref="Layer.Describe"/>): its kind and the version of that description, its
/// settings, its tensors (which alias the layer's own arrays) and the standard operator that computes it at inference.
/// Checkpoints store it, the ONNX exporter writes it and the libtorch backend runs it, so that no other project needs
/// a layer's class.
/// </summary>
public sealed class LayerSpec
{
    /// <summary>The layer's kind, a stable name such as <c>Dense</c> or <c>BatchNorm</c> (for another layer class, its full type name).</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// The version of this kind's description: it changes when a setting or tensor changes meaning, so that a file
    /// written by another build is read correctly or refused by name. 1 for every built-in layer; 0 for a layer class that
    /// does not describe itself.
    /// </summary>
    public required int Version { get; init; }

    /// <summary>The settings that shape the computation, by name, such as <c>units</c> or <c>epsilon</c>. Default none.</summary>
    public IReadOnlyDictionary<string, double> Settings { get; init; } = ReadOnlyDictionary<string, double>.Empty;

    /// <summary>The trainable tensors and the state tensors, in the layer's order. Default none.</summary>
    public IReadOnlyList<LayerTensor> Tensors { get; init; } = [];

    /// <summary>
    /// The operator that computes the layer at inference, or null when the layer has no such description (then it
    /// cannot be exported). <see cref="LayerOperator.Identity"/> for a layer that is the identity at inference, such as
    /// dropout.
    /// </summary>
    public LayerOperator? Inference { get; init; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The layer has no such tensor; the message names the kind and the tensors it has.</exception>
    public LayerTensor Tensor(string name) => Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"A {Kind} layer has no tensor '{name}'; it has {Names(Tensors.Select(t => t.Name))}.");

    /// <summary>The setting named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The layer has no such setting; the message names the kind and the settings it has.</exception>
    public double Setting(string name) => Settings.TryGetValue(name, out double value)
        ? value
        : throw new KeyNotFoundException($"A {Kind} layer has no setting '{name}'; it has {Names(Settings.Keys)}.");

    /// <summary>The kind and version with the settings, such as <c>Dense v1 (units=10, use_bias=1)</c>.</summary>
    public override string ToString() => Settings.Count == 0
        ? $"{Kind} v{Version}"
        : $"{Kind} v{Version} ({string.Join(", ", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "=" + Format(s.Value)))})";

    /// <summary>A setting as text: a value that is a float32 (most settings are) as that float's shortest form, so 0.1f reads 0.1.</summary>
    internal static string Format(double value) => (double)(float)value == value
        ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Names(IEnumerable<string> names)
    {
        string list = string.Join(", ", names);
        return list.Length == 0 ? "none" : list;
    }
}
