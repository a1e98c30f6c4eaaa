namespace MLNetDeep.Onnx;

/// <summary>One opset a model imports.</summary>
/// <param name="Domain">The operator domain: empty (or <c>ai.onnx</c>) for the default domain, <c>ai.onnx.ml</c>, ...</param>
/// <param name="Version">The opset version.</param>
public readonly record struct OnnxOpsetImport(string Domain, long Version);
