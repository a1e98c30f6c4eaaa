namespace MLNetDeep.Serving;

using Microsoft.Extensions.DependencyInjection;
using MLNetDeep.Serving.Models;

/// <summary>Adds model files to a <see cref="PredictionPool{TIn, TOut}"/> (the shape of Microsoft.Extensions.ML's <c>PredictionEnginePoolBuilder</c>).</summary>
/// <typeparam name="TIn">The input class.</typeparam>
/// <typeparam name="TOut">The output class.</typeparam>
public sealed class PredictionPoolBuilder<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    private readonly List<ModelSource> _sources;

    internal PredictionPoolBuilder(IServiceCollection services, List<ModelSource> sources)
    {
        Services = services;
        _sources = sources;
    }

    /// <summary>The service collection the pool is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds the default model (the one <c>Predict(example)</c> uses) from a model file.</summary>
    /// <param name="filePath">The model file (an ML.NET model zip, as <c>mlContext.Model.Save</c> writes).</param>
    /// <param name="watchForChanges">When true (the default), a changed file is loaded and swapped in without dropping requests.</param>
    public PredictionPoolBuilder<TIn, TOut> FromFile(string filePath, bool watchForChanges = true) =>
        FromFile(string.Empty, filePath, watchForChanges);

    /// <summary>Adds a named model from a model file.</summary>
    /// <param name="modelName">The name <c>Predict(modelName, example)</c> and endpoints use.</param>
    /// <param name="filePath">The model file (an ML.NET model zip, as <c>mlContext.Model.Save</c> writes).</param>
    /// <param name="watchForChanges">When true (the default), a changed file is loaded and swapped in without dropping requests.</param>
    /// <exception cref="ArgumentException">The path is empty, or a model of that name is already registered.</exception>
    public PredictionPoolBuilder<TIn, TOut> FromFile(string modelName, string filePath, bool watchForChanges = true)
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
