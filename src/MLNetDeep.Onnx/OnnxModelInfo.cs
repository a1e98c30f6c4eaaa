namespace MLNetDeep.Onnx;

/// <summary>What <see cref="OnnxModelReader"/> found in an ONNX model: versions, producer, the graph's interface, initializers, nodes and metadata.</summary>
public sealed class OnnxModelInfo
{
    internal OnnxModelInfo(long irVersion, IReadOnlyList<OnnxOpsetImport> opsetImports, string producerName, string producerVersion, string domain,
        long modelVersion, string docString, string graphName, IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs,
        IReadOnlyList<OnnxTensorInfo> initializers, IReadOnlyList<OnnxNodeInfo> nodes, IReadOnlyDictionary<string, string> metadataProps)
    {
        IrVersion = irVersion;
        OpsetImports = opsetImports;
        ProducerName = producerName;
        ProducerVersion = producerVersion;
        Domain = domain;
        ModelVersion = modelVersion;
        DocString = docString;
        GraphName = graphName;
        Inputs = inputs;
        Outputs = outputs;
        Initializers = initializers;
        Nodes = nodes;
        MetadataProps = metadataProps;
    }

    /// <summary>ModelProto.ir_version (0 when absent).</summary>
    public long IrVersion { get; }

    /// <summary>ModelProto.opset_import, in file order.</summary>
    public IReadOnlyList<OnnxOpsetImport> OpsetImports { get; }

    /// <summary>ModelProto.producer_name (empty when absent).</summary>
    public string ProducerName { get; }

    /// <summary>ModelProto.producer_version (empty when absent).</summary>
    public string ProducerVersion { get; }

    /// <summary>ModelProto.domain (empty when absent).</summary>
    public string Domain { get; }

    /// <summary>ModelProto.model_version (0 when absent).</summary>
    public long ModelVersion { get; }

    /// <summary>ModelProto.doc_string (empty when absent).</summary>
    public string DocString { get; }

    /// <summary>GraphProto.name.</summary>
    public string GraphName { get; }

    /// <summary>The graph inputs, in order (ONNX before IR version 4 also lists initializers here).</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs, in order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The graph's initializers, in order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Initializers { get; }

    /// <summary>The graph's nodes, in order.</summary>
    public IReadOnlyList<OnnxNodeInfo> Nodes { get; }

    /// <summary>ModelProto.metadata_props (keys are distinct: the reader refuses a model that repeats one).</summary>
    public IReadOnlyDictionary<string, string> MetadataProps { get; }

    /// <summary>The training record MLNetDeep wrote (metadata_props <c>mlnetdeep.training_record</c>), or null.</summary>
    public string? TrainingRecord => MetadataProps.TryGetValue(OnnxContract.TrainingRecordKey, out string? record) ? record : null;

    /// <summary>The version of the opset imported for <paramref name="domain"/> (<c>""</c> and <c>ai.onnx</c> both mean the default domain), or null.</summary>
    public long? OpsetVersion(string domain)
    {
        bool isDefault = domain is "" or "ai.onnx";
        foreach (OnnxOpsetImport import in OpsetImports)
        {
            if (import.Domain == domain || (isDefault && import.Domain is "" or "ai.onnx"))
            {
                return import.Version;
            }
        }

        return null;
    }
}
