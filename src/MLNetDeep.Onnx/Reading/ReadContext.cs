namespace MLNetDeep.Onnx.Reading;

using System.Globalization;
using MLNetDeep.Onnx.Protobuf;

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

    /// <summary>Reads the message <paramref name="message"/>, nested <paramref name="depth"/> deep, after checking the depth (<see cref="ProtoReader.ReadFields"/>).</summary>
    public void ReadMessage(ReadOnlySpan<byte> data, long start, int depth, string message, Func<int, string> fieldName, ProtoFieldReader read)
    {
        CheckDepth(depth, start, message);
        var reader = new ProtoReader(data, start, message);
        reader.ReadFields(fieldName, read);
    }

    /// <summary>
    /// Reads one value (a message or a string) of a repeated length-delimited field: the wire type is checked, then
    /// the value is charged as one item named <paramref name="what"/>, then its bytes are read.
    /// </summary>
    public ReadOnlySpan<byte> TakeLengthDelimited(ref ProtoReader reader, WireType wire, string what, out long start)
    {
        long at = reader.Offset;
        reader.Expect(wire, WireType.LengthDelimited);
        Take(1, at, what);
        return reader.ReadLengthDelimited(out start);
    }

    /// <summary>A name for an error message: at most 64 characters, then an ellipsis.</summary>
    public static string Shorten(string name) => name.Length <= 64 ? name : string.Concat(name.AsSpan(0, 64), "...");

    /// <summary>An error at <paramref name="offset"/> in <paramref name="what"/> (a message and field).</summary>
    public static InvalidDataException Error(long offset, string what, string problem) => ProtoReader.Invalid(offset, what, problem);
}
