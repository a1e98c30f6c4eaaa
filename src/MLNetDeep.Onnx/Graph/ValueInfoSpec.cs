namespace MLNetDeep.Onnx.Graph;

/// <summary>A graph input or output to write: a tensor's name, element type and shape.</summary>
internal sealed record ValueInfoSpec(string Name, OnnxTensorElementType ElementType, IReadOnlyList<OnnxDimension> Shape);
