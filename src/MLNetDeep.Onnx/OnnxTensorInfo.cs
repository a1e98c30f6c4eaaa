namespace MLNetDeep.Onnx;

using global::Onnx;
using MLNetDeep.Onnx.Reading;

/// <summary>
/// A tensor of the model (an initializer, or a node's TENSOR attribute): its name, element type and dims, and the size
/// of its data, which the reader has checked against the dims. The values are decoded only on request.
/// </summary>
public sealed class OnnxTensorInfo
{
    private readonly TensorProto _tensor;

    internal OnnxTensorInfo(string name, OnnxTensorElementType elementType, IReadOnlyList<long> dims, long elementCount, long byteLength,
        bool isExternal, TensorProto tensor)
    {
        Name = name;
        ElementType = elementType;
        Dims = dims;
        ElementCount = elementCount;
        ByteLength = byteLength;
        IsExternal = isExternal;
        _tensor = tensor;
    }

    /// <summary>The tensor's name (empty for an attribute's tensor without one).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public OnnxTensorElementType ElementType { get; }

    /// <summary>The dims (empty for a scalar).</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>The number of elements: the product of <see cref="Dims"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>
    /// The data's size in bytes: <see cref="ElementCount"/> times the element's size as raw_data holds it (half a byte,
    /// rounded up, for 4-bit types); for strings, the total of their UTF-8 lengths.
    /// </summary>
    public long ByteLength { get; }

    /// <summary>Whether the data lives in an external file (data_location EXTERNAL); then only the dims were checked and no values can be read.</summary>
    public bool IsExternal { get; }

    /// <summary>The values of a <see cref="OnnxTensorElementType.Float"/> tensor, from raw_data or float_data.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float32, or its data is external.</exception>
    public float[] ToSingleArray()
    {
        EnsureReadable(OnnxTensorElementType.Float);
        return TensorParser.ReadSingles(_tensor);
    }

    /// <summary>The values of an <see cref="OnnxTensorElementType.Int64"/> tensor, from raw_data or int64_data.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not int64, or its data is external.</exception>
    public long[] ToInt64Array()
    {
        EnsureReadable(OnnxTensorElementType.Int64);
        return TensorParser.ReadInt64s(_tensor);
    }

    /// <summary>The values of a <see cref="OnnxTensorElementType.String"/> tensor (UTF-8, invalid sequences replaced by U+FFFD).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not a string tensor, or its data is external.</exception>
    public string[] ToStringArray()
    {
        EnsureReadable(OnnxTensorElementType.String);
        return TensorParser.ReadStrings(_tensor);
    }

    /// <summary>For example <c>layers.0.weight: Float [3, 16]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType} [{string.Join(", ", Dims)}]";

    private void EnsureReadable(OnnxTensorElementType expected)
    {
        if (ElementType != expected)
        {
            throw new InvalidOperationException($"Tensor '{Name}' holds {ElementType} values, not {expected}.");
        }

        if (IsExternal)
        {
            throw new InvalidOperationException($"Tensor '{Name}' keeps its data in an external file, which this reader does not open.");
        }
    }
}
