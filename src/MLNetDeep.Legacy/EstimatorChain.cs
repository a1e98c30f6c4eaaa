namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;

/// <summary>Estimators fitted in order, each on the previous ones' output (ML.NET's <c>EstimatorChain&lt;TLastTransformer&gt;</c>).</summary>
/// <typeparam name="TLastTransformer">What the last estimator produces.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IEstimatorChain
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;

    /// <summary>An empty chain.</summary>
    public EstimatorChain()
        : this([])
    {
    }

    private EstimatorChain(IEstimator<ITransformer>[] estimators)
    {
        _estimators = estimators;
    }

    /// <summary>The estimators, first to last.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => _estimators;

    /// <summary>This chain with <paramref name="estimator"/> appended.</summary>
    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator)
        where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNew>([.. _estimators, estimator]);
    }

    /// <inheritdoc/>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema)); // fail fast, before any training
        var fitted = new List<ITransformer>();
        IDataView current = input;
        foreach (IEstimator<ITransformer> e in _estimators)
        {
            ITransformer t = e.Fit(current);
            fitted.Add(t);
            current = t.Transform(current);
        }

        return new TransformerChain<TLastTransformer>([.. fitted]);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape s = inputSchema;
        foreach (IEstimator<ITransformer> e in _estimators)
        {
            s = e.GetOutputSchema(s);
        }

        return s;
    }
}
