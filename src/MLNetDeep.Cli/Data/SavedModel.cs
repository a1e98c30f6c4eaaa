namespace MLNetDeep.Cli.Data;

using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Featurization;

/// <summary>
/// An ML.NET model zip loaded for <c>evaluate</c>, <c>predict</c>, <c>info</c>, <c>report</c> and <c>export</c>: the
/// fitted pipeline and its input schema from <c>ml.Model.LoadChecked</c> (ML.NET's loader once the file's entries and ONNX
/// graphs are checked against size limits), and what can be known about it. A model with an
/// MLNetDeep feed-forward network has its training record (task, label, options, history); a model from plain ML.NET
/// (FastTree, SDCA, ...) has none, so its task is read from its output columns and its label column comes from
/// <c>--label</c>.
/// </summary>
internal sealed class SavedModel : IDisposable
{
    private SavedModel(string path, ITransformer transformer, DataViewSchema inputSchema, FeedForwardModelInfo? info, FeedForwardTask task,
        string labelColumn, JsonObject? run)
    {
        Path = path;
        Transformer = transformer;
        InputSchema = inputSchema;
        Info = info;
        Task = task;
        LabelColumn = labelColumn;
        Run = run;
        OutputSchema = transformer.GetOutputSchema(inputSchema);
        Classes = LabelClasses.FromSchema(OutputSchema, labelColumn);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The fitted pipeline.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The columns the pipeline reads, as saved with it.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The columns the pipeline writes.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The feed-forward network's training record; null for a model without one (plain ML.NET).</summary>
    public FeedForwardModelInfo? Info { get; }

    /// <summary>Whether the model holds an MLNetDeep feed-forward network.</summary>
    public bool IsFeedForward => Info is not null;

    /// <summary>The task: from the training record, or from the output columns of a plain ML.NET model.</summary>
    public FeedForwardTask Task { get; }

    /// <summary>The label column (raw, before the model's own label preparation).</summary>
    public string LabelColumn { get; }

    /// <summary>The classes when the model prepares its label with MLNetDeep's label preparation (a model <c>train</c> wrote); else null.</summary>
    public LabelClasses? Classes { get; }

    /// <summary>What <c>train</c> or <c>tune</c> recorded in the zip, or null.</summary>
    public JsonObject? Run { get; }

    /// <summary>The input columns the data must have (every one but the label).</summary>
    public IEnumerable<string> FeatureColumns => InputSchema.Where(c => !c.IsHidden && c.Name != LabelColumn).Select(c => c.Name);

    /// <summary>The pipeline's steps, outermost chains flattened, as ML.NET's transformer type names.</summary>
    public IReadOnlyList<string> Steps => Flatten(Transformer).Select(t => TypeName(t.GetType())).ToArray();

    /// <summary>
    /// Loads <paramref name="path"/>; <paramref name="labelColumn"/> names the label of a model without a training record
    /// (default <c>Label</c>).
    /// </summary>
    public static SavedModel Load(MLContext ml, string path, string? labelColumn = null)
    {
        if (Directory.Exists(path))
        {
            throw CliException.Failure($"--model '{path}' is a folder; give a model zip.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the model file '{path}' does not exist.");
        }

        ml.ComponentCatalog.RegisterAssembly(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            // Checked first (entry sizes, ONNX graphs' declared sizes), so a damaged or hostile file fails before ML.NET allocates for it.
            transformer = ml.Model.LoadChecked(path, out inputSchema);
        }
        catch (InvalidDataException e)
        {
            throw CliException.Failure($"the model file '{path}' is not an ML.NET model this mlnetdeep can load: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not FileNotFoundException)
        {
            throw CliException.Failure($"the model file '{path}' is not an ML.NET model this mlnetdeep can load ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}).");
        }

        FeedForwardModelInfo? info = ml.Model.GetFeedForwardInfo(transformer);
        DataViewSchema output = transformer.GetOutputSchema(inputSchema);
        FeedForwardTask task = info?.Task ?? TaskOf(output)
            ?? throw CliException.Failure($"the model file '{path}' has no Score column of an ML.NET binary, multiclass or regression trainer, so mlnetdeep cannot tell what it predicts (its output columns: {string.Join(", ", output.Where(c => !c.IsHidden).Select(c => c.Name))}).");
        string label = info?.LabelColumnName ?? labelColumn ?? "Label";
        return new SavedModel(path, transformer, inputSchema, info, task, label, RunRecord.Read(path));
    }

    /// <summary>What the reports and <c>info</c> read.</summary>
    public Output.ModelView View => new(Task, LabelColumn, Classes, Info, Run, InputSchema);

    /// <summary>
    /// Loads data to score with this model: a text file's columns the model reads with the types it was trained on (a
    /// bad value is an error naming the line), every other column ignored; with <paramref name="withLabel"/> the label
    /// column is required, otherwise a missing one is supplied as missing values. Every feature column is required.
    /// </summary>
    public DataFile LoadData(MLContext ml, string path, char decimalMarker, bool withLabel, bool withRawFields = false)
    {
        Dictionary<string, DataKind> types = ColumnTypes.Of(InputSchema);
        var absent = new Dictionary<string, DataKind>(StringComparer.Ordinal);
        if (!withLabel && types.TryGetValue(LabelColumn, out DataKind labelKind))
        {
            absent[LabelColumn] = labelKind;
        }

        DataFile data = DataFile.Load(ml, path, "--data", new CsvInferenceOptions { ColumnTypes = types, IgnoreUndeclaredColumns = true, DecimalMarker = decimalMarker }, withRawFields, absent);
        data.Require(FeatureColumns, "the model reads");
        // A model whose label is made inside its pipeline (MapValueToKey("Label", "Class") in C#) reads its raw label
        // as one of its input columns, which every file must have anyway.
        if (withLabel && !LabelMadeInside)
        {
            data.Require([LabelColumn], IsFeedForward ? "the model was trained on (its label)" : "--label names (the label of a model from plain ML.NET; default Label)");
        }

        return data;
    }

    /// <summary>
    /// Throws when a row's raw label is neither missing nor one of the classes the model was trained on (the error names
    /// the row); nothing to check when the model's label is made inside its pipeline or has no known classes.
    /// </summary>
    public void CheckLabelValues(DataFile data)
    {
        if (Classes is { } classes && !LabelMadeInside)
        {
            classes.CheckValues(data.View, data.Path);
        }
    }

    /// <summary>How many example values <see cref="NoteUnseenCategories"/> names per column.</summary>
    internal const int UnseenExamples = 3;

    /// <summary>
    /// Notes on stderr, per categorical column, how many rows of <paramref name="input"/> hold a category the model never
    /// saw in training (ML.NET's one-hot encoding gives it all zeros, as if no category), with a few examples. The
    /// columns are the ones MLNetDeep's featurization one-hot encodes (<c>{features}.{column}</c>); only the steps up to
    /// the last <c>OneHotEncoding</c> (loaded from a file: its <c>KeyToVector</c> step) run, over those columns.
    /// </summary>
    public void NoteUnseenCategories(IDataView input, CliConsole console, string dataName)
    {
        ITransformer[] steps = Flatten(Transformer).ToArray();
        int last = Array.FindLastIndex(steps, t => t is OneHotEncodingTransformer or KeyToVectorMappingTransformer); // a loaded one is its two steps
        if (Info is null || last < 0)
        {
            return;
        }

        IDataView encoded = new TransformerChain<ITransformer>(steps[..(last + 1)]).Transform(input);
        var columns = InputSchema.Where(c => c.Type is TextDataViewType && input.Schema.GetColumnOrNull(c.Name) is not null
                && encoded.Schema.GetColumnOrNull($"{Info.FeatureColumnName}.{c.Name}") is { Type: VectorDataViewType })
            .Select(c => (Name: c.Name, Source: encoded.Schema[c.Name], Encoded: encoded.Schema[$"{Info.FeatureColumnName}.{c.Name}"], Count: new long[1], Examples: new List<string>()))
            .ToArray();
        if (columns.Length == 0)
        {
            return;
        }

        using DataViewRowCursor cursor = encoded.GetRowCursor(columns.SelectMany(c => new[] { c.Source, c.Encoded }));
        var readers = columns.Select(c => (Text: cursor.GetGetter<ReadOnlyMemory<char>>(c.Source), Vector: cursor.GetGetter<VBuffer<float>>(c.Encoded))).ToArray();
        ReadOnlyMemory<char> text = default;
        VBuffer<float> vector = default;
        while (cursor.MoveNext())
        {
            for (int i = 0; i < columns.Length; i++)
            {
                readers[i].Vector(ref vector);
                if (vector.GetValues().IndexOfAnyExcept(0f) >= 0)
                {
                    continue;
                }

                readers[i].Text(ref text);
                if (text.Span.Trim().IsEmpty)
                {
                    continue; // a missing value, not a category
                }

                columns[i].Count[0]++;
                if (columns[i].Examples.Count < UnseenExamples && !columns[i].Examples.Contains(text.ToString()))
                {
                    columns[i].Examples.Add(text.ToString());
                }
            }
        }

        foreach (var c in columns.Where(c => c.Count[0] > 0))
        {
            string examples = "for example " + string.Join(", ", c.Examples.Select(e => $"'{e}'"));
            console.Error.WriteLine($"{dataName}: column '{c.Name}': {c.Count[0]} row{(c.Count[0] == 1 ? " has" : "s have")} a category the model never saw in training ({examples}); it is encoded as no category (all zeros)");
        }
    }

    // Whether the label column is produced by the pipeline from other input columns rather than read from the data.
    private bool LabelMadeInside => InputSchema.GetColumnOrNull(LabelColumn) is null && OutputSchema.GetColumnOrNull(LabelColumn) is not null;

    /// <summary>The sentence used when a plain ML.NET model lacks what a command would show.</summary>
    public string NotFeedForward(string what) =>
        $"{Path} was not trained by MLNetDeep (it holds no feed-forward network and no training record), so {what}.";

    public void Dispose() => (Transformer as IDisposable)?.Dispose();

    /// <summary>The task of a model from its output columns, ML.NET's trainer conventions: binary Score Single and PredictedLabel Boolean; multiclass Score vector (PredictedLabel a key, or its value after MapKeyToValue); regression Score Single alone.</summary>
    private static FeedForwardTask? TaskOf(DataViewSchema output)
    {
        DataViewSchema.Column? score = output.GetColumnOrNull("Score");
        DataViewSchema.Column? predicted = output.GetColumnOrNull("PredictedLabel");
        return (score?.Type, predicted?.Type) switch
        {
            (NumberDataViewType s, BooleanDataViewType) when s == NumberDataViewType.Single => FeedForwardTask.BinaryClassification,
            (VectorDataViewType, _) => FeedForwardTask.MulticlassClassification,
            (NumberDataViewType s, null) when s == NumberDataViewType.Single => FeedForwardTask.Regression,
            _ => null,
        };
    }

    // A type as C# writes it, without namespaces: BinaryPredictionTransformer<FastTreeBinaryModelParameters>.
    private static string TypeName(Type t) => t.IsGenericType
        ? $"{t.Name.Split('`')[0]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>"
        : t.Name;

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];
}
