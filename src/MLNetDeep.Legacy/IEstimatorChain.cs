namespace MLNetDeep.Legacy;

/// <summary>The steps of an <see cref="EstimatorChain{TLastTransformer}"/> whatever its last transformer type, for code that fits a chain step by step (AutoML).</summary>
internal interface IEstimatorChain
{
    /// <summary>The estimators, first to last.</summary>
    IReadOnlyList<IEstimator<ITransformer>> Estimators { get; }
}
