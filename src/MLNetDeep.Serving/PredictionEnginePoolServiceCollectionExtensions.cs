namespace MLNetDeep.Serving;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Models;

/// <summary>Registers prediction engine pools in dependency injection (as Microsoft.Extensions.ML).</summary>
public static class PredictionEnginePoolServiceCollectionExtensions
{
    /// <summary>How long a watched model file must stay unchanged before it is reloaded.</summary>
    internal static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Registers a singleton <see cref="PredictionEnginePool{TIn, TOut}"/>; add its models with the returned builder's
    /// <c>FromFile</c>. The models are loaded when the pool is first resolved (<c>MapPredict</c> resolves it at
    /// startup). A <see cref="TimeProvider"/> registered in the container drives reload timing; otherwise the system clock.
    /// </summary>
    public static PredictionEnginePoolBuilder<TIn, TOut> AddPredictionEnginePool<TIn, TOut>(this IServiceCollection services)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        var sources = new List<ModelSource>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PredictionEnginePool<TIn, TOut>(
            sources, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), ReloadDebounce));
        return new PredictionEnginePoolBuilder<TIn, TOut>(services, sources);
    }
}
