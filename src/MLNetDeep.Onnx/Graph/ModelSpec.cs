namespace MLNetDeep.Onnx.Graph;

/// <summary>Everything <see cref="ModelWriter"/> writes: the ModelProto fields and its one graph.</summary>
internal sealed record ModelSpec
{
    public required long IrVersion { get; init; }

    public required IReadOnlyList<(string Domain, long Version)> Opsets { get; init; }

    public required string ProducerName { get; init; }

    public required string ProducerVersion { get; init; }

    public string? DocString { get; init; }

    public required string GraphName { get; init; }

    public required IReadOnlyList<NodeSpec> Nodes { get; init; }

    public required IReadOnlyList<TensorSpec> Initializers { get; init; }

    public required IReadOnlyList<ValueInfoSpec> Inputs { get; init; }

    public required IReadOnlyList<ValueInfoSpec> Outputs { get; init; }

    /// <summary>Written in this order (the builder sorts them by key).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> MetadataProps { get; init; }
}
