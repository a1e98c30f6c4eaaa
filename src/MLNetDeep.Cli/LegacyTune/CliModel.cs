namespace MLNetDeep.Cli.LegacyTune;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Legacy.Trainers;

/// <summary>A model file written by <c>mlnetdeep train</c>: the pipeline, its input schema, the manifest and the CLI's metadata.</summary>
internal sealed class CliModel
{
    /// <summary>The value of <c>metadata.tool</c> in models the CLI writes.</summary>
    public const string Tool = "mlnetdeep";

    private CliModel(string path, ITransformer transformer, DataViewSchema inputSchema, JsonObject manifest, JsonObject metadata)
    {
        Path = path;
        Transformer = transformer;
        InputSchema = inputSchema;
        Manifest = manifest;
        Metadata = metadata;
        Label = LabelMapping.FromJson(metadata);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The fitted pipeline: feature steps, then the predictor.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The feature columns the pipeline reads.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The model file's manifest (steps, schema, metadata).</summary>
    public JsonObject Manifest { get; }

    /// <summary>What <c>train</c> recorded: task, label mapping, features, options, metrics, history.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The label mapping.</summary>
    public LabelMapping Label { get; }

    /// <summary>The task.</summary>
    public TaskKind Task => Label.Task;

    /// <summary>The predictor's network and training record.</summary>
    public FeedForwardModelParameters? Parameters =>
        (Transformer as IEnumerable<ITransformer>)?.LastOrDefault() is PredictionTransformerBase p ? p.Model : null;

    /// <summary>Loads and verifies a model file; one without the CLI's metadata is an error saying so.</summary>
    public static CliModel Load(DeepContext context, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the model file '{path}' does not exist.");
        }

        ITransformer transformer = context.Model.Load(path, out DataViewSchema schema);
        JsonObject manifest;
        using (FileStream stream = File.OpenRead(path))
        {
            manifest = ModelFile.ReadVerified(stream, path).Manifest;
        }

        if (manifest["metadata"] is not JsonObject metadata || metadata["tool"]?.GetValue<string>() != Tool)
        {
            throw new InvalidDataException($"the model file '{path}' was not written by 'mlnetdeep train' (it has no task and label metadata), so the command cannot tell how to read its labels.");
        }

        return new CliModel(path, transformer, schema, manifest, metadata);
    }

    /// <summary>The column types to load data with: the features', and the label's when <paramref name="withLabel"/>.</summary>
    public Dictionary<string, DataViewType> ColumnTypes(bool withLabel)
    {
        var types = InputSchema.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        if (withLabel)
        {
            types[Label.Column] = Label.SourceType;
        }

        return types;
    }

    /// <summary>Throws unless <paramref name="data"/> has every feature column the model reads.</summary>
    public void CheckFeatures(IDataView data, string dataName)
    {
        string[] missing = InputSchema.Select(c => c.Name).Where(n => data.Schema.GetColumnOrNull(n) is null).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"{dataName} lacks the feature column{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model reads.");
        }
    }
}
