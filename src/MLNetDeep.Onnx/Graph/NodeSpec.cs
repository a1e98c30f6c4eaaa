namespace MLNetDeep.Onnx.Graph;

/// <summary>A node to write. <see cref="Outputs"/> is mutable so the builder can give the last node a graph output's name.</summary>
internal sealed record NodeSpec(string OpType, string Name, string Domain, string[] Inputs, string[] Outputs, AttributeSpec[] Attributes);
