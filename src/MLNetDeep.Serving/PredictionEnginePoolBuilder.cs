namespace MLNetDeep.Serving;

using Microsoft.Extensions.DependencyInjection;
using MLNetDeep.Serving.Models;

/// <summary>Adds models to a <see cref="PredictionEnginePool{TIn, TOut}"/> (Microsoft.Extensions.ML's <c>PredictionEnginePoolBuilder</c>).</summary>
public sealed class PredictionEnginePoolBuilder<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    private readonly List<ModelSource> _sources;

    internal PredictionEnginePoolBuilder(IServiceCollection services, List<ModelSource> sources)
    {
        Services = services;
        _sources = sources;
    }

    /// <summary>The service collection the pool is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds the default model (the one <c>Predict(example)</c> uses) from a model file.</summary>
    /// <param name="filePath">The model file (<c>Model.Save</c>'s zip).</param>
    /// <param name="watchForChanges">When true (the default), a changed file is loaded and swapped in without dropping requests.</param>
    public PredictionEnginePoolBuilder<TIn, TOut> FromFile(string filePath, bool watchForChanges = true) =>
        FromFile(string.Empty, filePath, watchForChanges);

    /// <summary>Adds a named model from a model file.</summary>
    /// <param name="modelName">The name <c>Predict(modelName, example)</c> and endpoints use.</param>
    /// <param name="filePath">The model file (<c>Model.Save</c>'s zip).</param>
    /// <param name="watchForChanges">When true (the default), a changed file is loaded and swapped in without dropping requests.</param>
    public PredictionEnginePoolBuilder<TIn, TOut> FromFile(string modelName, string filePath, bool watchForChanges = true)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        if (_sources.Any(s => s.Name == modelName))
        {
            throw new ArgumentException($"A model named '{modelName}' is already registered.", nameof(modelName));
        }

        _sources.Add(new ModelSource(modelName, filePath, watchForChanges));
        return this;
    }
}
