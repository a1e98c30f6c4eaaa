namespace MLNetDeep.Onnx;

/// <summary>A node of the graph.</summary>
public sealed class OnnxNodeInfo
{
    internal OnnxNodeInfo(string opType, string name, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttributeInfo> attributes)
    {
        OpType = opType;
        Name = name;
        Domain = domain;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>The operator, such as <c>Gemm</c> or <c>LabelEncoder</c>.</summary>
    public string OpType { get; }

    /// <summary>The node's name (may be empty).</summary>
    public string Name { get; }

    /// <summary>The operator's domain: empty for ai.onnx, <c>ai.onnx.ml</c>, ...</summary>
    public string Domain { get; }

    /// <summary>The input tensors' names, in order (an empty name is an omitted optional input).</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The output tensors' names, in order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The attributes, in file order.</summary>
    public IReadOnlyList<OnnxAttributeInfo> Attributes { get; }

    /// <summary>The attributes' names, in file order.</summary>
    public IReadOnlyList<string> AttributeNames => Attributes.Select(a => a.Name).ToArray();

    /// <summary>The attribute named <paramref name="name"/> (the last one if repeated), or null.</summary>
    public OnnxAttributeInfo? Attribute(string name) => Attributes.LastOrDefault(a => a.Name == name);

    /// <summary>For example <c>layers.0.Gemm: Gemm(Features, layers.0.weight) -> layers.0.output</c>.</summary>
    public override string ToString() =>
        $"{Name}: {(Domain.Length > 0 ? Domain + "." : "")}{OpType}({string.Join(", ", Inputs)}) -> {string.Join(", ", Outputs)}";
}
