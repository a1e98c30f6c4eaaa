namespace MLNetDeep.Onnx;

/// <summary>One dimension of a tensor shape: a fixed size, a named symbolic size (such as the batch <c>N</c>), or unknown.</summary>
/// <param name="Value">The fixed size, or null.</param>
/// <param name="Parameter">The symbolic name, or null.</param>
public readonly record struct OnnxDimension(long? Value, string? Parameter)
{
    /// <summary>A fixed size.</summary>
    public static OnnxDimension Fixed(long value) => new(value, null);

    /// <summary>A named symbolic size.</summary>
    public static OnnxDimension Symbolic(string parameter) => new(null, parameter);

    /// <summary>The size, the symbolic name, or <c>?</c>.</summary>
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Parameter ?? "?";
}
