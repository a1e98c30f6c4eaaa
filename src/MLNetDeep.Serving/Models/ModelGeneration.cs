namespace MLNetDeep.Serving.Models;

using System.Collections.Concurrent;
using MLNetDeep.Serving.Json;

/// <summary>
/// One loaded version of a named model and its own pool of engines. A request rents an engine from one generation and
/// returns it there, so its answer comes wholly from that generation's model even if a newer one is swapped in meanwhile.
/// </summary>
/// <typeparam name="TEngine">The engine type (not thread-safe; one request at a time uses one).</typeparam>
internal sealed class ModelGeneration<TEngine>
    where TEngine : class
{
    private readonly ConcurrentBag<TEngine> _engines = [];
    private readonly Func<TEngine> _create;
    private readonly int _maxRetained;
    private int _retained;

    /// <summary>Creates the generation and one engine (so a model the engine type cannot use is refused here).</summary>
    public ModelGeneration(long number, ModelSnapshot snapshot, Func<TEngine> create, JsonRowReader reader, int maxRetained)
    {
        Number = number;
        Snapshot = snapshot;
        Reader = reader;
        _create = create;
        _maxRetained = Math.Max(1, maxRetained);
        Return(create());
    }

    /// <summary>1 for the first load of a model, then one more per swap.</summary>
    public long Number { get; }

    /// <summary>The model.</summary>
    public ModelSnapshot Snapshot { get; }

    /// <summary>Reads JSON request rows for this generation's model.</summary>
    public JsonRowReader Reader { get; }

    /// <summary>An engine for one caller's exclusive use; give it back with <see cref="Return"/>.</summary>
    public TEngine Rent()
    {
        if (_engines.TryTake(out TEngine? engine))
        {
            Interlocked.Decrement(ref _retained);
            return engine;
        }

        return _create();
    }

    /// <summary>Gives an engine back (kept for reuse up to a limit, otherwise dropped).</summary>
    public void Return(TEngine engine)
    {
        if (Interlocked.Increment(ref _retained) <= _maxRetained)
        {
            _engines.Add(engine);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }
}
