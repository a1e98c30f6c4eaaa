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
        string tempFolder = options.TempFolder ?? ModelTempFolder.Path;
        try
        {
            foreach (var (name, path) in options.Models)
            {
                _models[name] = new ReloadingModel<SchemaEngine>(new ModelSource(name, path, options.WatchForChanges), (snapshot, number) =>
                    new ModelGeneration<SchemaEngine>(number, snapshot, s => new SchemaEngine(s), JsonRowReader.For(snapshot.InputSchema, snapshot.Transformer,
                        required: ModelAnswers.Of(snapshot.Transformer, snapshot.InputSchema).RequiredInputs)),
                    logger, time, debounce, tempFolder);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyCollection<string> Names => _models.Keys;

    public IEnumerable<ReloadingModel<SchemaEngine>> Models => _models.Values;

    public bool TryGet(string name, out ReloadingModel<SchemaEngine> model) => _models.TryGetValue(name, out model!);

    /// <summary>Stops following the files; each model is disposed once no request uses it.</summary>
    public void Dispose()
    {
        foreach (var m in _models.Values)
        {
            m.Dispose();
        }
    }
}
