namespace MLNetDeep.Serving;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Models;

/// <summary>Registers prediction pools in dependency injection (the shape of Microsoft.Extensions.ML's <c>AddPredictionEnginePool</c>).</summary>
public static class PredictionPoolServiceCollectionExtensions
{
    /// <summary>How long a watched model file must stay unchanged before it is reloaded.</summary>
    internal static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Registers a singleton <see cref="PredictionPool{TIn, TOut}"/>; add its models with the returned builder's
    /// <c>FromFile</c>. The models are loaded when the pool is first resolved (<c>MapPredict</c> resolves it at
    /// startup). Calling this again for the same types adds to the same pool. A <see cref="TimeProvider"/> registered in
    /// the container drives reload timing; otherwise the system clock.
    /// </summary>
    /// <param name="services">The application's services.</param>
    public static PredictionPoolBuilder<TIn, TOut> AddPredictionPool<TIn, TOut>(this IServiceCollection services)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(PoolRegistration<TIn, TOut>))?.ImplementationInstance is not PoolRegistration<TIn, TOut> registration)
        {
            registration = new PoolRegistration<TIn, TOut>();
            services.AddSingleton(registration);
            services.AddLogging();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(sp => new PredictionPool<TIn, TOut>(registration.Sources, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>(), ReloadDebounce, ModelTempFolder.Path));
        }

        return new PredictionPoolBuilder<TIn, TOut>(services, registration.Sources);
    }
}
