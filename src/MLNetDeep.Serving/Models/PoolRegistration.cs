namespace MLNetDeep.Serving.Models;

/// <summary>The models registered for one <see cref="PredictionPool{TIn, TOut}"/> (shared by every builder of the same types).</summary>
internal sealed class PoolRegistration<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    public List<ModelSource> Sources { get; } = [];
}
