namespace MLNetDeep.Onnx.Reading;

using System.Globalization;

/// <summary>
/// One read of one model: the model's bytes (absolute offsets index them), the limits, and the item budget that
/// every list the description will hold is charged against before it grows.
/// </summary>
internal sealed class ReadContext
{
    private long _items;

    public ReadContext(ReadOnlyMemory<byte> model, OnnxReaderLimits limits)
    {
        Model = model;
        Limits = limits;
    }

    /// <summary>The whole model.</summary>
    public ReadOnlyMemory<byte> Model { get; }

    /// <summary>The limits in force.</summary>
    public OnnxReaderLimits Limits { get; }

    /// <summary>Charges <paramref name="count"/> items against <see cref="OnnxReaderLimits.MaxItems"/>.</summary>
    public void Take(long count, long offset, string what)
    {
        _items += count;
        if (_items > Limits.MaxItems)
        {
            throw Error(offset, what, $"the model holds more than MaxItems = {Limits.MaxItems.ToString(CultureInfo.InvariantCulture)} items (nodes, attributes, names, dims, list values)");
        }
    }

    /// <summary>Throws when a message at <paramref name="depth"/> would nest deeper than <see cref="OnnxReaderLimits.MaxNestingDepth"/>.</summary>
    public void CheckDepth(int depth, long offset, string what)
    {
        if (depth > Limits.MaxNestingDepth)
        {
            throw Error(offset, what, $"messages nest deeper than MaxNestingDepth = {Limits.MaxNestingDepth}");
        }
    }

    /// <summary>A name for an error message: at most 64 characters, then an ellipsis.</summary>
    public static string Shorten(string name) => name.Length <= 64 ? name : string.Concat(name.AsSpan(0, 64), "...");

    /// <summary>An error at <paramref name="offset"/> in <paramref name="what"/> (a message and field).</summary>
    public static InvalidDataException Error(long offset, string what, string problem) =>
        new($"Invalid ONNX model at byte offset {offset.ToString(CultureInfo.InvariantCulture)}, {what}: {problem}.");
}
