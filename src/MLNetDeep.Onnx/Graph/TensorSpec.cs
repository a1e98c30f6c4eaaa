namespace MLNetDeep.Onnx.Graph;

/// <summary>An initializer to write: float32 (as raw_data) or string (as string_data) values with their dims.</summary>
internal sealed record TensorSpec(string Name, OnnxTensorElementType ElementType, long[] Dims, float[]? Floats, string[]? Strings)
{
    /// <summary>A float32 tensor.</summary>
    public static TensorSpec FromFloats(string name, long[] dims, float[] values) => new(name, OnnxTensorElementType.Float, dims, values, null);

    /// <summary>A string tensor.</summary>
    public static TensorSpec FromStrings(string name, long[] dims, string[] values) => new(name, OnnxTensorElementType.String, dims, null, values);
}
