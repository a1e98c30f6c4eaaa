namespace MLNetDeep.Serving.Server;

using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Dynamic;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>The schema-driven server's models, by name, each following its file.</summary>
internal sealed class ModelRegistry : IDisposable
{
    private readonly Dictionary<string, ReloadingModel<SchemaEngine>> _models = new(StringComparer.Ordinal);

    public ModelRegistry(ModelServerOptions options, ILogger logger, TimeProvider time, TimeSpan debounce)
    {
        int retained = Math.Max(4, Environment.ProcessorCount * 4);
        try
        {
            foreach (var (name, path) in options.Models)
            {
                _models[name] = new ReloadingModel<SchemaEngine>(new ModelSource(name, path, options.WatchForChanges), (snapshot, number) =>
                    new ModelGeneration<SchemaEngine>(number, snapshot, () => new SchemaEngine(snapshot), JsonRowReader.For(snapshot.InputSchema, snapshot.Transformer), retained),
                    logger, time, debounce);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>False once the host has begun to stop (so readiness probes take the instance out of rotation).</summary>
    public bool Accepting { get; set; } = true;

    public IReadOnlyCollection<string> Names => _models.Keys;

    public IEnumerable<ReloadingModel<SchemaEngine>> Models => _models.Values;

    public bool TryGet(string name, out ReloadingModel<SchemaEngine> model) => _models.TryGetValue(name, out model!);

    public void Dispose()
    {
        foreach (var m in _models.Values)
        {
            m.Dispose();
        }
    }
}
