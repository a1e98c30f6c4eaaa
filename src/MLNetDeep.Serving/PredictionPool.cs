namespace MLNetDeep.Serving;

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>
/// A thread-safe pool of ML.NET <see cref="PredictionEngine{TSrc, TDst}"/>s over one or more named model files: the
/// shape of Microsoft.Extensions.ML's <c>PredictionEnginePool</c> under a name of its own, so that both can be used in one
/// program (docs/serving.md, "Names"). Register it with
/// <see cref="PredictionPoolServiceCollectionExtensions.AddPredictionPool{TIn, TOut}"/> and add models with
/// <see cref="PredictionPoolBuilder{TIn, TOut}.FromFile(string, string, bool)"/>.
/// </summary>
/// <remarks>
/// Each prediction rents an engine from the model's current generation and returns it there afterwards, so concurrent
/// callers never share an engine. When a watched model file changes, the new file is loaded in the background and
/// swapped in atomically: a call made during the swap is answered wholly by the old model or wholly by the new one, a
/// file that fails to load leaves the old model serving (the failure is logged), and the old model is disposed as soon as
/// no call uses it (ML.NET's <c>OnnxTransformer</c> then deletes its temporary copy of the graph).
/// </remarks>
/// <typeparam name="TIn">The input class: members named after the model's input columns (ML.NET's attributes apply).</typeparam>
/// <typeparam name="TOut">The output class: members named after output columns (e.g. <c>Score</c>, <c>PredictedLabel</c>).</typeparam>
public sealed class PredictionPool<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class, new()
{
    private readonly Dictionary<string, ReloadingModel<PredictionEngine<TIn, TOut>>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PredictionEngine<TIn, TOut>, ModelGeneration<PredictionEngine<TIn, TOut>>> _rented = new(ReferenceEqualityComparer.Instance);

    internal PredictionPool(IEnumerable<ModelSource> sources, ILoggerFactory loggerFactory, TimeProvider time, TimeSpan reloadDebounce, string tempFolder)
    {
        ILogger logger = loggerFactory.CreateLogger("MLNetDeep.Serving.PredictionPool");
        Binder = new PocoBinder<TIn>();
        try
        {
            foreach (ModelSource source in sources)
            {
                if (_models.ContainsKey(source.Name))
                {
                    throw new InvalidOperationException($"Two models are registered under the name '{source.Name}'.");
                }

                _models[source.Name] = new ReloadingModel<PredictionEngine<TIn, TOut>>(source, (snapshot, number) =>
                {
                    var engineOptions = new PredictionEngineOptions { IgnoreMissingColumns = true, InputSchemaDefinition = Binder.SizedDefinition(snapshot.InputSchema) };
                    JsonRowReader reader = JsonRowReader.For(Binder.Schema(snapshot.InputSchema), snapshot.Transformer);
                    return new ModelGeneration<PredictionEngine<TIn, TOut>>(number, snapshot,
                        s => s.Context.Model.CreatePredictionEngine<TIn, TOut>(s.Transformer, engineOptions), reader);
                }, logger, time, reloadDebounce, tempFolder);
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

    /// <summary>Reads JSON rows into <typeparamref name="TIn"/> (for <c>MapPredict</c>).</summary>
    internal PocoBinder<TIn> Binder { get; }

    /// <summary>Predicts <paramref name="example"/> with the default model (registered without a name).</summary>
    /// <exception cref="KeyNotFoundException">No default model is registered.</exception>
    public TOut Predict(TIn example) => Predict(string.Empty, example);

    /// <summary>Predicts <paramref name="example"/> with the model named <paramref name="modelName"/>; safe to call from many threads.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name; the message lists the names there are.</exception>
    public TOut Predict(string modelName, TIn example)
    {
        ArgumentNullException.ThrowIfNull(example);
        ModelGeneration<PredictionEngine<TIn, TOut>> generation = Find(modelName).Acquire();
        try
        {
            return generation.WithEngine(engine => engine.Predict(example));
        }
        finally
        {
            generation.Release();
        }
    }

    /// <summary>
    /// An engine of the default model for the caller's exclusive use, e.g. to predict many rows in a loop; give it back
    /// with <see cref="ReturnPredictionEngine(PredictionEngine{TIn, TOut})"/> (until then its model stays loaded).
    /// </summary>
    public PredictionEngine<TIn, TOut> GetPredictionEngine() => GetPredictionEngine(string.Empty);

    /// <summary>An engine of the model named <paramref name="modelName"/> for the caller's exclusive use; give it back with <see cref="ReturnPredictionEngine(string, PredictionEngine{TIn, TOut})"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public PredictionEngine<TIn, TOut> GetPredictionEngine(string modelName)
    {
        ModelGeneration<PredictionEngine<TIn, TOut>> generation = Find(modelName).Acquire();
        PredictionEngine<TIn, TOut> engine;
        try
        {
            engine = generation.Rent();
        }
        catch
        {
            generation.Release();
            throw;
        }

        _rented[engine] = generation;
        return engine;
    }

    /// <summary>Gives back an engine of the default model.</summary>
    public void ReturnPredictionEngine(PredictionEngine<TIn, TOut> engine) => ReturnPredictionEngine(string.Empty, engine);

    /// <summary>Gives back an engine from <see cref="GetPredictionEngine(string)"/> (to the model generation it came from).</summary>
    /// <param name="modelName">The model's name (accepted for Microsoft.Extensions.ML's shape; the engine knows its model).</param>
    /// <param name="engine">The engine.</param>
    /// <exception cref="ArgumentException">The engine did not come from this pool, or was already returned.</exception>
    public void ReturnPredictionEngine(string modelName, PredictionEngine<TIn, TOut> engine)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(engine);
        if (!_rented.TryRemove(engine, out ModelGeneration<PredictionEngine<TIn, TOut>>? generation))
        {
            throw new ArgumentException("This engine did not come from this pool's GetPredictionEngine, or was already returned.", nameof(engine));
        }

        generation.Return(engine);
        generation.Release();
    }

    /// <summary>The default model's current pipeline.</summary>
    public ITransformer GetModel() => GetModel(string.Empty);

    /// <summary>
    /// The current pipeline of the model named <paramref name="modelName"/> (a reload replaces it). A pipeline handed out
    /// here is not disposed by the pool when it is replaced, since the caller may still use it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public ITransformer GetModel(string modelName)
    {
        ModelGeneration<PredictionEngine<TIn, TOut>> generation = Find(modelName).Acquire();
        try
        {
            return generation.Snapshot.Escape();
        }
        finally
        {
            generation.Release();
        }
    }

    /// <summary>Stops watching the model files and disposes the models once no call uses them.</summary>
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
