namespace MLNetDeep.Onnx;

/// <summary>
/// A node attribute with its value when it is a number, a string, a tensor or a list of numbers or strings. Subgraphs,
/// tensor lists, sparse tensors and types are named and typed but not described.
/// </summary>
public sealed class OnnxAttributeInfo
{
    internal OnnxAttributeInfo(string name, OnnxAttributeType type, float @float, long @int, string? @string, OnnxTensorInfo? tensor,
        IReadOnlyList<float> floats, IReadOnlyList<long> ints, IReadOnlyList<string> strings)
    {
        Name = name;
        Type = type;
        Float = @float;
        Int = @int;
        String = @string;
        Tensor = tensor;
        Floats = floats;
        Ints = ints;
        Strings = strings;
    }

    /// <summary>The attribute's name.</summary>
    public string Name { get; }

    /// <summary>The attribute's type (from its type field, or, when that is absent, from the value present).</summary>
    public OnnxAttributeType Type { get; }

    /// <summary>The FLOAT value; 0 otherwise.</summary>
    public float Float { get; }

    /// <summary>The INT value; 0 otherwise.</summary>
    public long Int { get; }

    /// <summary>The STRING value (its bytes read as UTF-8, invalid sequences replaced by U+FFFD); null otherwise.</summary>
    public string? String { get; }

    /// <summary>The TENSOR value; null otherwise.</summary>
    public OnnxTensorInfo? Tensor { get; }

    /// <summary>The FLOATS values; empty otherwise.</summary>
    public IReadOnlyList<float> Floats { get; }

    /// <summary>The INTS values; empty otherwise.</summary>
    public IReadOnlyList<long> Ints { get; }

    /// <summary>The STRINGS values (UTF-8, invalid sequences replaced by U+FFFD); empty otherwise.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>For example <c>alpha: Float</c>.</summary>
    public override string ToString() => $"{Name}: {Type}";
}
