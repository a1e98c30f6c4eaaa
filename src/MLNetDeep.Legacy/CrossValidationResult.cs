namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;

/// <summary>One fold of a cross-validation (ML.NET's <c>CrossValidationResult&lt;TMetrics&gt;</c>).</summary>
/// <typeparam name="TMetrics">The task's metrics type.</typeparam>
public sealed class CrossValidationResult<TMetrics>
    where TMetrics : class
{
    internal CrossValidationResult(ITransformer model, TMetrics metrics, IDataView scoredHoldOutSet, int fold)
    {
        Model = model;
        Metrics = metrics;
        ScoredHoldOutSet = scoredHoldOutSet;
        Fold = fold;
    }

    /// <summary>The model trained on the other folds.</summary>
    public ITransformer Model { get; }

    /// <summary>The model's metrics on this fold.</summary>
    public TMetrics Metrics { get; }

    /// <summary>This fold scored by <see cref="Model"/>.</summary>
    public IDataView ScoredHoldOutSet { get; }

    /// <summary>The fold's index, from 0.</summary>
    public int Fold { get; }
}
