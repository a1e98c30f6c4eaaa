namespace MLNetDeep.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a network (docs/onnx.md describes the graph each setting gives).</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// The graph input's name; its type is <c>float [N, F]</c> with the symbolic batch dimension <c>N</c> and F the
    /// network's input width. Default <c>Features</c> (ML.NET's default feature column).
    /// </summary>
    public string InputName { get; init; } = OnnxContract.DefaultInputName;

    /// <summary>What the graph outputs on top of the network's raw outputs. Default <see cref="OnnxHead.Raw"/>.</summary>
    public OnnxHead Head { get; init; } = OnnxHead.Raw;

    /// <summary>
    /// Names of the <c>Score</c> output's slots (class names for <see cref="OnnxHead.Multiclass"/>), as many as Score
    /// has columns, distinct. When given, a LabelEncoder node <c>mlnet.Score.SlotNames</c> carries them (ML.NET's
    /// OnnxTransformer turns it into the column's SlotNames annotation). Default null: no slot names.
    /// </summary>
    public IReadOnlyList<string>? ScoreSlotNames { get; init; }

    /// <summary>
    /// Regression only: the network predicts standardized targets and the graph outputs
    /// <c>raw * TargetScale + TargetOffset</c>, folded into the last Gemm's weights and bias. Finite and non-zero.
    /// Default 1.
    /// </summary>
    public float TargetScale { get; init; } = 1f;

    /// <summary>Regression only: see <see cref="TargetScale"/>. Finite. Default 0.</summary>
    public float TargetOffset { get; init; }

    /// <summary>
    /// Whether a BatchNorm layer that follows a Dense layer (Identity and Dropout layers between them do not count) is
    /// folded into that Dense layer's Gemm (<c>W' = W * gamma / sqrt(var + eps)</c> per output column,
    /// <c>b' = (b - mean) * gamma / sqrt(var + eps) + beta</c>) instead of being written as an explicit
    /// BatchNormalization node. Default true: one node fewer per hidden layer, and faster single-row scoring in
    /// ONNX Runtime (docs/onnx.md, "Batch normalization"). A BatchNorm layer with no Dense layer before it is always
    /// written as a node.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// Extra entries for the model's metadata_props, written sorted by key. Keys must be non-empty and must not be one
    /// of the keys the exporter writes itself (<see cref="OnnxContract.HeadKey"/>,
    /// <see cref="OnnxContract.GraphContractKey"/>, <see cref="OnnxContract.TrainingRecordKey"/>). Default null: none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? MetadataProps { get; init; }

    /// <summary>ModelProto.producer_name. Default <c>MLNetDeep</c>.</summary>
    public string ProducerName { get; init; } = OnnxContract.DefaultProducerName;

    /// <summary>
    /// ModelProto.producer_version. Default null: the MLNetDeep.Onnx assembly's informational version without its
    /// source-revision suffix (for example <c>0.1.0</c>).
    /// </summary>
    public string? ProducerVersion { get; init; }

    /// <summary>ModelProto.doc_string. Default null: none.</summary>
    public string? DocString { get; init; }

    /// <summary>
    /// The training record (a JSON string: options as used, history, class names, library version). When given it is
    /// written to metadata_props under <see cref="OnnxContract.TrainingRecordKey"/> (MLNetDeep reads it back from an ML.NET
    /// model's saved graph, <c>ml.Model.GetFeedForwardInfo</c>). Default null.
    /// </summary>
    public string? TrainingRecord { get; init; }
}
