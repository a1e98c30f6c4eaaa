namespace MLNetDeep.Onnx;

/// <summary>
/// The names and versions of the graph <see cref="OnnxExport"/> writes: the contract that consumers (ML.NET's
/// OnnxTransformer, the FeedForward estimators, Python) rely on. docs/onnx.md describes the whole graph.
/// </summary>
public static class OnnxContract
{
    /// <summary>The graph input's default name: <c>Features</c>, ML.NET's default feature column.</summary>
    public const string DefaultInputName = "Features";

    /// <summary>The symbolic batch dimension of the input and of every output: <c>N</c>.</summary>
    public const string BatchDimension = "N";

    /// <summary>The graph output every head has: <c>Score</c>.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>The binary head's second output: <c>Probability</c> = Sigmoid(Score).</summary>
    public const string ProbabilityOutput = "Probability";

    /// <summary>The metadata_props key holding the training record (a JSON string): <c>mlnetdeep.training_record</c>.</summary>
    public const string TrainingRecordKey = "mlnetdeep.training_record";

    /// <summary>The metadata_props key holding the head, lower case (<c>raw</c>, <c>binary</c>, <c>multiclass</c>, <c>regression</c>): <c>mlnetdeep.head</c>.</summary>
    public const string HeadKey = "mlnetdeep.head";

    /// <summary>The metadata_props key holding <see cref="GraphContractVersion"/>: <c>mlnetdeep.graph_contract</c>.</summary>
    public const string GraphContractKey = "mlnetdeep.graph_contract";

    /// <summary>The version of this graph contract, written under <see cref="GraphContractKey"/>: <c>1</c>.</summary>
    public const string GraphContractVersion = "1";

    /// <summary>The ONNX IR version written: 8 (ONNX 1.10 to 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain (<c>ai.onnx</c>) opset imported: 17.</summary>
    public const long OnnxOpsetVersion = 17;

    /// <summary>The ONNX-ML operator domain, where LabelEncoder lives: <c>ai.onnx.ml</c>.</summary>
    public const string MLDomain = "ai.onnx.ml";

    /// <summary>The <c>ai.onnx.ml</c> opset imported: 2 (LabelEncoder version 2; the version ML.NET's own exporter imports).</summary>
    public const long MLOpsetVersion = 2;

    /// <summary>The graph's name: <c>MLNetDeep</c>.</summary>
    public const string GraphName = "MLNetDeep";

    /// <summary>The default producer name: <c>MLNetDeep</c>.</summary>
    public const string DefaultProducerName = "MLNetDeep";

    /// <summary>
    /// The name of the LabelEncoder node that carries a column's slot names, the way ML.NET's exporter and
    /// OnnxTransformer name it: <c>mlnet.{column}.SlotNames</c>.
    /// </summary>
    /// <param name="column">The output column (ONNX graph output) the names belong to, such as <c>Score</c>.</param>
    public static string SlotNamesNodeName(string column) => $"mlnet.{column}.SlotNames";
}
