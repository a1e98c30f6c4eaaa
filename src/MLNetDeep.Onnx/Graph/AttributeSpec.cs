namespace MLNetDeep.Onnx.Graph;

/// <summary>A node attribute to write: one float, one int, or a list of int64 or of strings.</summary>
internal sealed record AttributeSpec(string Name, OnnxAttributeType Type, float Float, long Int, long[]? Ints, string[]? Strings)
{
    /// <summary>A FLOAT attribute.</summary>
    public static AttributeSpec OfFloat(string name, float value) => new(name, OnnxAttributeType.Float, value, 0, null, null);

    /// <summary>An INT attribute.</summary>
    public static AttributeSpec OfInt(string name, long value) => new(name, OnnxAttributeType.Int, 0f, value, null, null);

    /// <summary>An INTS attribute.</summary>
    public static AttributeSpec OfInts(string name, long[] values) => new(name, OnnxAttributeType.Ints, 0f, 0, values, null);

    /// <summary>A STRINGS attribute.</summary>
    public static AttributeSpec OfStrings(string name, string[] values) => new(name, OnnxAttributeType.Strings, 0f, 0, null, values);
}
