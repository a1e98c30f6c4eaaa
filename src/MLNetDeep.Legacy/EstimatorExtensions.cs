namespace MLNetDeep.Legacy;

/// <summary>Chaining, as in ML.NET: <c>estimator.Append(next)</c>.</summary>
public static class EstimatorExtensions
{
    /// <summary>A chain of <paramref name="start"/> then <paramref name="next"/>.</summary>
    public static EstimatorChain<TNew> Append<TStart, TNew>(this IEstimator<TStart> start, IEstimator<TNew> next)
        where TStart : class, ITransformer
        where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start is EstimatorChain<TStart> chain)
        {
            return chain.Append(next);
        }

        return new EstimatorChain<TStart>().Append(start).Append(next);
    }
}
