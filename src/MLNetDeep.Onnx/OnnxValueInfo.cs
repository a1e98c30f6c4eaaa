namespace MLNetDeep.Onnx;

/// <summary>A graph input or output: its name and type.</summary>
public sealed class OnnxValueInfo
{
    internal OnnxValueInfo(string name, string type, OnnxTensorElementType elementType, IReadOnlyList<OnnxDimension>? shape)
    {
        Name = name;
        Type = type;
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The type in ONNX's notation: <c>tensor(float)</c>, <c>seq(map(int64,tensor(float)))</c>, ...; <c>unknown</c> when absent.</summary>
    public string Type { get; }

    /// <summary>The element type when the value is a tensor; <see cref="OnnxTensorElementType.Undefined"/> otherwise.</summary>
    public OnnxTensorElementType ElementType { get; }

    /// <summary>The tensor's shape (a dimension is fixed, symbolic or unknown), or null when the rank is not given or the value is not a tensor.</summary>
    public IReadOnlyList<OnnxDimension>? Shape { get; }

    /// <summary>For example <c>Features: tensor(float) [N, 3]</c>.</summary>
    public override string ToString() => Shape is null ? $"{Name}: {Type}" : $"{Name}: {Type} [{string.Join(", ", Shape)}]";
}
