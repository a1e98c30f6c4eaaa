namespace MLNetDeep.Serving;

using Microsoft.Extensions.Logging;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>
/// A thread-safe pool of prediction engines over one or more named models (Microsoft.Extensions.ML's
/// <c>PredictionEnginePool&lt;TData, TPrediction&gt;</c>). Register it with
/// <see cref="PredictionEnginePoolServiceCollectionExtensions.AddPredictionEnginePool{TIn, TOut}"/> and
/// <see cref="PredictionEnginePoolBuilder{TIn, TOut}.FromFile(string, string, bool)"/>.
/// </summary>
/// <remarks>
/// Each prediction rents an engine from the model's current generation and returns it there afterwards, so concurrent
/// callers never share an engine. When a watched model file changes, the new file is loaded in the background and
/// swapped in atomically: a call made during the swap is answered wholly by the old model or wholly by the new one, and
/// a file that fails to load leaves the old model serving (the failure is logged).
/// </remarks>
/// <typeparam name="TIn">The input class: members named after the model's input columns.</typeparam>
/// <typeparam name="TOut">The output class: members named after output columns (e.g. <c>Score</c>, <c>PredictedLabel</c>).</typeparam>
public sealed class PredictionEnginePool<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class, new()
{
    private readonly Dictionary<string, ReloadingModel<PredictionEngine<TIn, TOut>>> _models = new(StringComparer.Ordinal);

    internal PredictionEnginePool(IEnumerable<ModelSource> sources, ILoggerFactory loggerFactory, TimeProvider time, TimeSpan reloadDebounce)
    {
        ILogger logger = loggerFactory.CreateLogger("MLNetDeep.Serving.PredictionEnginePool");
        int retained = Math.Max(4, Environment.ProcessorCount * 4);
        try
        {
            foreach (ModelSource source in sources)
            {
                if (_models.ContainsKey(source.Name))
                {
                    throw new InvalidOperationException($"Two models are registered under the name '{source.Name}'.");
                }

                _models[source.Name] = new ReloadingModel<PredictionEngine<TIn, TOut>>(source, (snapshot, number) => new ModelGeneration<PredictionEngine<TIn, TOut>>(
                    number,
                    snapshot,
                    () => new PredictionEngine<TIn, TOut>(snapshot.Transformer, ignoreMissingColumns: true),
                    JsonRowReader.For(MLNetDeep.Legacy.Data.PocoSchema.For(typeof(TIn)).ToSchema(), snapshot.Transformer, snapshot.InputSchema),
                    retained), logger, time, reloadDebounce);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The names of the registered models ("" is the default model's).</summary>
    public IReadOnlyCollection<string> ModelNames => _models.Keys;

    /// <summary>Predicts <paramref name="example"/> with the default model (registered without a name).</summary>
    /// <exception cref="KeyNotFoundException">No default model is registered.</exception>
    public TOut Predict(TIn example) => Predict(string.Empty, example);

    /// <summary>Predicts <paramref name="example"/> with the model named <paramref name="modelName"/>; safe to call from many threads.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name; the message lists the names there are.</exception>
    public TOut Predict(string modelName, TIn example)
    {
        ArgumentNullException.ThrowIfNull(example);
        ModelGeneration<PredictionEngine<TIn, TOut>> generation = Find(modelName).Current;
        PredictionEngine<TIn, TOut> engine = generation.Rent();
        try
        {
            return engine.Predict(example);
        }
        finally
        {
            generation.Return(engine);
        }
    }

    /// <summary>The default model's current pipeline.</summary>
    public ITransformer GetModel() => GetModel(string.Empty);

    /// <summary>The current pipeline of the model named <paramref name="modelName"/> (changes when its file is reloaded).</summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public ITransformer GetModel(string modelName) => Find(modelName).Current.Snapshot.Transformer;

    /// <summary>Stops watching the model files.</summary>
    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }

    /// <summary>The named model, if registered.</summary>
    internal bool TryGetModel(string modelName, out ReloadingModel<PredictionEngine<TIn, TOut>> model) =>
        _models.TryGetValue(modelName, out model!);

    private ReloadingModel<PredictionEngine<TIn, TOut>> Find(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        return _models.TryGetValue(modelName, out var model)
            ? model
            : throw new KeyNotFoundException($"No model named '{modelName}' is registered. Models: {string.Join(", ", _models.Keys.Select(k => $"'{k}'"))}.");
    }
}
