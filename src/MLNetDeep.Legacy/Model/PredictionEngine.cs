namespace MLNetDeep.Legacy.Model;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Predicts one example at a time through a fitted pipeline (ML.NET's <c>PredictionEngine&lt;TSrc, TDst&gt;</c>).
/// Input and output buffers and a private copy of the network are reused from call to call, so a prediction
/// allocates little.
/// </summary>
/// <remarks>
/// <b>Not thread-safe</b>: one engine reuses one set of buffers. Use one engine per thread, or a pool
/// (<c>PredictionEnginePool</c> in MLNetDeep.Serving) for concurrent requests. For many rows at once,
/// <see cref="ITransformer.Transform"/> is the batch path.
/// </remarks>
/// <typeparam name="TSrc">The input class: members named after the model's input columns.</typeparam>
/// <typeparam name="TDst">The output class: members named after output columns (e.g. <c>Score</c>, <c>PredictedLabel</c>).</typeparam>
public sealed class PredictionEngine<TSrc, TDst>
    where TSrc : class
    where TDst : class, new()
{
    private readonly PocoRow<TSrc> _source;
    private readonly PocoWriter<TDst> _writer;

    internal PredictionEngine(ITransformer transformer, bool ignoreMissingColumns)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        if (!transformer.IsRowToRowMapper || transformer is not IStepTransformer step)
        {
            throw new InvalidOperationException($"A prediction engine needs a pipeline that maps rows one at a time; a {transformer.GetType().Name} does not.");
        }

        _source = new PocoRow<TSrc>();
        OutputSchema = transformer.GetOutputSchema(_source.Schema); // names any input column the pipeline misses
        DataViewRow output = step.MapRow(_source);
        _writer = new PocoWriter<TDst>(output, ignoreMissingColumns, reuseVectors: true);
    }

    /// <summary>The columns the pipeline produces from <typeparamref name="TSrc"/>.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>Predicts <paramref name="example"/> into a new <typeparamref name="TDst"/>.</summary>
    public TDst Predict(TSrc example)
    {
        var prediction = new TDst();
        Predict(example, ref prediction);
        return prediction;
    }

    /// <summary>Predicts <paramref name="example"/> into <paramref name="prediction"/>, reusing its vector arrays.</summary>
    public void Predict(TSrc example, ref TDst prediction)
    {
        ArgumentNullException.ThrowIfNull(example);
        prediction ??= new TDst();
        _source.Set(example);
        _writer.Fill(prediction);
    }
}
