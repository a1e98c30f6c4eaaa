namespace MLNetDeep;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

/// <summary>
/// The feed-forward network of a fitted or loaded model seen as ML.NET's <see cref="ISingleFeaturePredictionTransformer{TModel}"/>,
/// for the ML.NET APIs that need a prediction transformer rather than a model: chiefly permutation feature importance,
/// <c>ml.BinaryClassification.PermutationFeatureImportance(predictor, data)</c> (and its multiclass and regression
/// siblings). Get one with <c>ml.Model.GetFeedForwardPredictionTransformer(model)</c>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ITransformer.Transform"/> runs only the network's steps (the ONNX graph and its output mappings), so give
/// it data that already holds the feature column: the output of the steps before the trainer, or simply
/// <c>model.Transform(data)</c>. <see cref="Model"/> is the network's training record.
/// </para>
/// <para>
/// ML.NET's <c>PermutationFeatureImportance</c> overloads that take a whole <see cref="ITransformer"/> look for a
/// prediction transformer through an interface ML.NET keeps internal, so they cannot find the network of any
/// third-party trainer (ML.NET throws "The model provided does not have a compatible predictor"); the overloads taking
/// an <see cref="ISingleFeaturePredictionTransformer{TModel}"/> work with this one.
/// </para>
/// <para>
/// The wrapper does not own the network: it stays valid while the model it came from is not disposed. Saving it with
/// <c>ml.Model.Save</c> saves the network's steps as the ordinary <see cref="TransformerChain{TLastTransformer}"/> they
/// are.
/// </para>
/// </remarks>
public sealed class FeedForwardPredictionTransformer : ISingleFeaturePredictionTransformer<FeedForwardModelInfo>
{
    private readonly TransformerChain<ITransformer> _network;

    internal FeedForwardPredictionTransformer(TransformerChain<ITransformer> network, FeedForwardModelInfo info, byte[] onnx)
    {
        _network = network;
        Model = info;
        Onnx = onnx;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, info.FeatureCount);
    }

    /// <summary>The network's training record (task, feature column and count, layers, options, history).</summary>
    public FeedForwardModelInfo Model { get; }

    /// <summary>The network's ONNX graph (what <c>ml.Model.GetFeedForwardOnnx</c> gives).</summary>
    internal byte[] Onnx { get; }

    /// <summary>The feature column the network reads (the trainer's <c>FeatureColumnName</c>).</summary>
    public string FeatureColumnName => Model.FeatureColumnName;

    /// <summary>The feature column's type: a known-size vector of Single of <see cref="FeedForwardModelInfo.FeatureCount"/> values.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>True, as for every ML.NET prediction transformer.</summary>
    public bool IsRowToRowMapper => ((ITransformer)_network).IsRowToRowMapper;

    /// <summary>The schema <see cref="Transform"/> gives for <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">A schema holding the feature column.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _network.GetOutputSchema(inputSchema);

    /// <summary>A row-to-row mapper of the network's steps, as ML.NET's prediction engines use.</summary>
    /// <param name="inputSchema">A schema holding the feature column.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)_network).GetRowToRowMapper(inputSchema);

    /// <summary>Scores <paramref name="input"/>, which must hold the feature column: adds the task's output columns.</summary>
    /// <param name="input">Data holding the feature column.</param>
    public IDataView Transform(IDataView input) => _network.Transform(input);

    /// <summary>Saves the network's steps as the <see cref="TransformerChain{TLastTransformer}"/> they are.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_network).Save(ctx);

    /// <summary>The last feed-forward network's chain inside <paramref name="model"/>, or null.</summary>
    internal static TransformerChain<ITransformer>? FindNetwork(ITransformer model)
    {
        if (model is TransformerChain<ITransformer> own && own.Any(OutputMappings.IsOutputMapping))
        {
            return own;
        }

        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer step in chain.Reverse())
            {
                if (FindNetwork(step) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
