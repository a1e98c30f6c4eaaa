namespace MLNetDeep.Serving.Models;

using System.Collections.Concurrent;
using MLNetDeep.Serving.Json;

/// <summary>
/// One loaded version of a named model, its own pool of engines and a count of the requests using it. A request
/// acquires the generation, rents an engine, returns it and releases the generation, so its answer comes wholly from
/// this generation even if a newer one is swapped in meanwhile. Once retired (replaced, or the server stops) and released
/// by its last request, the generation disposes its engines and its model (ML.NET's <c>OnnxTransformer</c> then deletes its
/// temporary file).
/// </summary>
/// <typeparam name="TEngine">The engine type (not thread-safe; one request at a time uses one).</typeparam>
internal sealed class ModelGeneration<TEngine>
    where TEngine : class, IDisposable
{
    /// <summary>How many idle engines a generation keeps for reuse (four per processor, at least four); more are disposed when given back.</summary>
    private static readonly int MaxRetained = Math.Max(4, Environment.ProcessorCount * 4);

    private readonly ConcurrentBag<TEngine> _engines = [];
    private readonly Func<ModelSnapshot, TEngine> _create;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _retained;
    private int _references = 1; // the owner's (ReloadingModel) until it retires the generation

    /// <summary>Creates the generation and one engine (so a model the engine type cannot use is refused here).</summary>
    /// <remarks>On failure the caller still owns <paramref name="snapshot"/> and disposes it.</remarks>
    public ModelGeneration(long number, ModelSnapshot snapshot, Func<ModelSnapshot, TEngine> create, JsonRowReader reader)
    {
        Number = number;
        Snapshot = snapshot;
        Reader = reader;
        _create = create;
        Return(create(snapshot));
    }

    /// <summary>1 for the first load of a model, then one more per swap.</summary>
    public long Number { get; }

    /// <summary>The model.</summary>
    public ModelSnapshot Snapshot { get; }

    /// <summary>Reads JSON request rows for this generation's model.</summary>
    public JsonRowReader Reader { get; }

    /// <summary>Completes once the generation has disposed its engines and model.</summary>
    public Task Disposed => _disposed.Task;

    /// <summary>Counts one more user; false when the generation is already disposed (read the current one again).</summary>
    public bool TryAcquire()
    {
        int count = Volatile.Read(ref _references);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Ends one use begun by <see cref="TryAcquire"/>; the last one after <see cref="Retire"/> disposes the generation.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            DisposeNow();
        }
    }

    /// <summary>Drops the owner's reference: the generation is disposed as soon as no request uses it.</summary>
    public void Retire() => Release();

    /// <summary>An engine for one caller's exclusive use (the caller holds the generation); give it back with <see cref="Return"/>.</summary>
    public TEngine Rent()
    {
        if (_engines.TryTake(out TEngine? engine))
        {
            Interlocked.Decrement(ref _retained);
            return engine;
        }

        return _create(Snapshot);
    }

    /// <summary>Runs <paramref name="use"/> with an engine rented for it alone (the caller holds the generation) and gives the engine back.</summary>
    public T WithEngine<T>(Func<TEngine, T> use)
    {
        TEngine engine = Rent();
        try
        {
            return use(engine);
        }
        finally
        {
            Return(engine);
        }
    }

    /// <summary>Gives an engine back (kept for reuse up to a limit, otherwise disposed).</summary>
    public void Return(TEngine engine)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetained)
        {
            _engines.Add(engine);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
            engine.Dispose();
        }
    }

    private void DisposeNow()
    {
        while (_engines.TryTake(out TEngine? engine))
        {
            engine.Dispose();
        }

        Snapshot.Dispose();
        _disposed.TrySetResult();
    }
}
