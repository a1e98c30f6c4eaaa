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
        _outputs = new[] { "Score", "Probability", "PredictedLabel" }.Select(kind => (Standard: kind, Actual: OutputOf(OutputSchema, kind)!))
            .Where(o => o.Actual is not null).ToArray();
        IRowToRowMapper mapper = transformer.GetRowToRowMapper(inputSchema);
        _requiredInputs = DependenciesOf(mapper, _outputs.Select(o => o.Actual));
        _labelInputs = OutputSchema.GetColumnOrNull(labelColumn) is null ? [labelColumn] : DependenciesOf(mapper, [labelColumn]);
    }

    // The trainer's outputs under ML.NET's standard names and the columns holding them: found by the ScoreValueKind
    // annotation ML.NET's trainers put on them (so one that CopyColumns renamed is found, as ML.NET's evaluators find
    // it), else by name; those the model lacks are left out.
    private readonly (string Standard, string Actual)[] _outputs;
    private readonly string[] _requiredInputs;
    private readonly string[] _labelInputs;

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

    /// <summary>
    /// The input columns the data must have to be scored: those the trainer's outputs depend on (ML.NET's row mapper
    /// says which), not every column of the schema saved with the model (a model saved with its whole training data's
    /// schema lists columns it never reads).
    /// </summary>
    public IEnumerable<string> FeatureColumns => _requiredInputs.Where(c => c != LabelColumn);

    /// <summary>The pipeline's steps, outermost chains flattened, as ML.NET's transformer type names.</summary>
    public IReadOnlyList<string> Steps => PipelineSteps.Of(Transformer).Select(PipelineSteps.Name).ToArray();

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
        if (inputSchema is null || inputSchema.Count == 0)
        {
            (transformer as IDisposable)?.Dispose();
            throw CliException.Failure($"the model file '{path}' holds no input schema (it was saved with mlContext.Model.Save(model, null, ...)), so mlnetdeep cannot tell which columns and types to read; save it with its training data's schema: mlContext.Model.Save(model, data.Schema, path).");
        }

        DataViewSchema output = transformer.GetOutputSchema(inputSchema);
        FeedForwardTask task = info?.Task ?? TaskOf(output)
            ?? throw CliException.Failure($"the model file '{path}' has no score column of an ML.NET binary, multiclass or regression trainer (a column named Score, or annotated as a score by the trainer), so mlnetdeep cannot tell what it predicts (its output columns: {string.Join(", ", output.Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null).Select(c => c.Name))}); a pipeline of transforms only can still be served: 'mlnetdeep serve' answers its output columns.");
        string label = info?.LabelColumnName ?? labelColumn ?? "Label";
        return new SavedModel(path, transformer, inputSchema, info, task, label, RunRecord.Read(path));
    }

    /// <summary>
    /// The model's output on <paramref name="data"/>, with the trainer's outputs also under ML.NET's standard names
    /// (<c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>) when the pipeline renamed them, which is where the
    /// commands read them.
    /// </summary>
    public IDataView Transform(MLContext ml, IDataView data)
    {
        IDataView scored = Transformer.Transform(data);
        foreach (var (standard, actual) in _outputs.Where(o => o.Actual != o.Standard))
        {
            scored = ml.Transforms.CopyColumns(standard, actual).Fit(scored).Transform(scored);
        }

        return scored;
    }

    /// <summary>What the reports and <c>info</c> read.</summary>
    public Output.ModelView View => new(Task, LabelColumn, Classes, Info, Run, InputSchema, FeatureColumns.Select(c => InputSchema[c]).ToArray());

    /// <summary>
    /// Loads data to score with this model: a text file's columns the model reads with the types it was trained on (a
    /// bad value, or a non-date in a date column, is an error naming the line), every other column ignored; with <paramref name="withLabel"/> the label
    /// column (or the columns the model makes it from) is required. Every column the prediction depends on is required;
    /// the schema's other scalar columns are supplied as missing values, whether or not the file has them (the
    /// pipeline's other steps, such as its label preparation, still read them, but no output depends on their values).
    /// </summary>
    public DataFile LoadData(MLContext ml, string path, char decimalMarker, bool withLabel, bool withRawFields = false)
    {
        Dictionary<string, DataKind> types = ColumnTypes.Of(InputSchema);
        if (LabelKeyValues is not null)
        {
            types[LabelColumn] = DataKind.String; // a label keyed before the pipeline: its values, mapped in ScoreLabelled
        }

        string[] required = withLabel ? [.. _requiredInputs, .. _labelInputs] : _requiredInputs;
        var absent = types.Where(t => !required.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        Array.ForEach(absent.Keys.ToArray(), c => types.Remove(c));
        // A vector column ([VectorType(n)], a TextLoader range) is read from n fields: those its slot names name (a
        // TextLoader with a header gives them), else NAME.0 ... NAME.{n-1}.
        var vectors = InputSchema.Where(c => !c.IsHidden && c.Type is VectorDataViewType { IsKnownSize: true } v && ColumnTypes.KindOf(v.ItemType) is not null)
            .ToDictionary(c => c.Name, c => (Kind: ColumnTypes.KindOf(((VectorDataViewType)c.Type).ItemType)!.Value,
                Fields: Output.KeyNames.SlotNames(c) is { } names && names.Distinct().Count() == names.Length && names.All(n => n.Length > 0) ? names
                    : Enumerable.Range(0, ((VectorDataViewType)c.Type).Size).Select(i => $"{c.Name}.{i}").ToArray()));
        foreach (var (kind, fields) in vectors.Values)
        {
            Array.ForEach(fields, f => types.TryAdd(f, kind));
        }

        // A date column's values must be dates, as a numeric column's must be numbers (the model reads any other text as a missing date).
        var dates = PipelineSteps.DateColumns(Transformer, InputSchema).Where(types.ContainsKey).ToDictionary(c => c, _ => CsvColumnKind.Date, StringComparer.Ordinal);
        DataFile data = DataFile.Load(ml, path, "--data", new CsvInferenceOptions { ColumnTypes = types, ColumnKinds = dates, IgnoreUndeclaredColumns = true, DecimalMarker = decimalMarker }, withRawFields, absent, vectors);
        if (FeatureColumns.FirstOrDefault(c => vectors.ContainsKey(c) && data.View.Schema.GetColumnOrNull(c) is null) is { } vector)
        {
            string[] fields = vectors[vector].Fields;
            throw CliException.Failure($"{path} lacks the column '{vector}' that the model reads, a vector of {fields.Length} {((VectorDataViewType)InputSchema[vector].Type).ItemType}: give it as the {fields.Length} fields {string.Join(", ", fields.Take(3))}{(fields.Length > 3 ? $", ..., {fields[^1]}" : "")} (missing: {string.Join(", ", fields.Where(f => !data.FieldNames.Contains(f)).Take(3))}).");
        }

        data.Require(FeatureColumns, "the model reads");
        if (withLabel)
        {
            data.Require(_labelInputs, LabelMadeInside ? $"the model makes its label '{LabelColumn}' from"
                : IsFeedForward ? "the model was trained on (its label)" : "--label names (the label of a model from plain ML.NET; default Label)");
        }

        return data;
    }

    /// <summary>
    /// Loads labelled data (<see cref="LoadData"/>), checks its label values (<see cref="CheckLabelValues"/>) and scores
    /// it, the label column as ML.NET's evaluator for the task reads it: a label the model reads as a key (keyed before
    /// its pipeline) is mapped from its values by the key's values; a numeric label of another type than Single is
    /// converted; a label of a type the task cannot be evaluated on is an error naming the file, the column and its type.
    /// With <paramref name="unseenCategories"/>, categories the model never saw are noted there (<see cref="NoteUnseenCategories"/>).
    /// </summary>
    public IDataView ScoreLabelled(MLContext ml, string path, char decimalMarker, CliConsole? unseenCategories = null)
    {
        DataFile data = LoadData(ml, path, decimalMarker, withLabel: true);
        CheckLabelValues(data);
        IDataView input = data.View;
        if (unseenCategories is not null)
        {
            NoteUnseenCategories(input, unseenCategories, path);
        }

        if (LabelKeyValues is { } keys)
        {
            input = ml.Transforms.Conversion.MapValueToKey(LabelColumn, keyData: ml.Data.LoadFromEnumerable(keys.Select(k => new KeyValue { Value = k })))
                .Fit(input).Transform(input);
        }

        IDataView scored = Transform(ml, input);
        DataViewType type = scored.Schema[LabelColumn].Type;
        if (Task != FeedForwardTask.MulticlassClassification && type is NumberDataViewType && type != NumberDataViewType.Single)
        {
            scored = ml.Transforms.Conversion.ConvertType(LabelColumn, outputKind: DataKind.Single).Fit(scored).Transform(scored);
            type = NumberDataViewType.Single;
        }

        if (Task == FeedForwardTask.BinaryClassification && type == NumberDataViewType.Single)
        {
            CheckTwoNumbers(scored, path);
        }

        int classes = (scored.Schema["Score"].Type as VectorDataViewType)?.Size ?? 1;
        string? expected = Task switch
        {
            FeedForwardTask.Regression when type != NumberDataViewType.Single => "numbers",
            FeedForwardTask.BinaryClassification when type is not BooleanDataViewType && type != NumberDataViewType.Single => "Booleans (true/false) or numbers (above 0 is positive)",
            FeedForwardTask.MulticlassClassification when type is not KeyDataViewType { Count: var n } || (int)n != classes =>
                $"a key of its {classes} classes (the column its MapValueToKey writes)",
            _ => null,
        };
        return expected is null ? scored
            : throw CliException.Failure($"{path}: the label column '{LabelColumn}' is {type}, but a {Commands.Evaluation.Describe(Task)} is evaluated on {expected}{(IsFeedForward ? "" : "; --label names the model's label (default Label)")}.");
    }

    /// <summary>
    /// Throws when a numeric binary label holds more than two distinct non-missing values (ML.NET would read every value
    /// above 0 as positive, so a wrong <c>--label</c>, such as a continuous column, gave wrong metrics); the error names
    /// the file, the column and three of its values.
    /// </summary>
    private void CheckTwoNumbers(IDataView scored, string path)
    {
        var seen = new SortedSet<float>();
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema[LabelColumn]]);
        ValueGetter<float> get = cursor.GetGetter<float>(scored.Schema[LabelColumn]);
        float value = 0;
        while (seen.Count < 3 && cursor.MoveNext())
        {
            get(ref value);
            if (!float.IsNaN(value))
            {
                seen.Add(value);
            }
        }

        if (seen.Count > 2)
        {
            throw CliException.Failure(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{path}: the label column '{LabelColumn}' holds more than two distinct values ({string.Join(", ", seen)}, ...), but a binary classifier is evaluated on two classes (ML.NET reads a number above 0 as positive){(IsFeedForward ? "" : "; --label names the model's label (default Label)")}."));
        }
    }

    /// <summary>
    /// Throws when a row's raw label is neither missing nor one of the classes the model was trained on (the error names
    /// the row); nothing to check when the model's label is made inside its pipeline or has no known classes.
    /// </summary>
    private void CheckLabelValues(DataFile data)
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
        ITransformer[] steps = PipelineSteps.Of(Transformer).ToArray();
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

    // The values of a label column the model reads as a key (keyed before its pipeline, as ML.NET's samples do), or null.
    private string[]? LabelKeyValues => InputSchema.GetColumnOrNull(LabelColumn) is { Type: KeyDataViewType } key ? Output.KeyNames.Of(key) : null;

    // Whether the label column is produced by the pipeline from other input columns rather than read from the data
    // (MapValueToKey("Label", "Class") in C#), even when the input schema also has a column of the label's name.
    private bool LabelMadeInside => !_labelInputs.SequenceEqual([LabelColumn]);

    /// <summary>
    /// Whether the model itself tells its label column, and how: "" for an MLNetDeep model (its training record) or a
    /// label the model reads as a key, " (made by its pipeline from 'cls')" for one its pipeline makes; null for a plain
    /// ML.NET model whose label is only the <c>--label</c> given (an ML.NET model zip does not record it).
    /// </summary>
    public string? LabelSource => LabelMadeInside ? $" (made by its pipeline from {string.Join(", ", _labelInputs.Select(c => $"'{c}'"))})"
        : IsFeedForward || LabelKeyValues is not null ? "" : null;

    /// <summary>The sentence used when a plain ML.NET model lacks what a command would show.</summary>
    public string NotFeedForward(string what) =>
        $"{Path} was not trained by MLNetDeep (it holds no feed-forward network and no training record), so {what}.";

    public void Dispose() => (Transformer as IDisposable)?.Dispose();

    /// <summary>The task of a model from its output columns, ML.NET's trainer conventions: binary Score Single and PredictedLabel Boolean; multiclass Score vector (PredictedLabel a key, or its value after MapKeyToValue); regression Score Single alone.</summary>
    private static FeedForwardTask? TaskOf(DataViewSchema output)
    {
        DataViewSchema.Column? score = OutputOf(output, "Score") is { } scoreName ? output[scoreName] : null;
        DataViewSchema.Column? predicted = OutputOf(output, "PredictedLabel") is { } predictedName ? output[predictedName] : null;
        return (score?.Type, predicted?.Type) switch
        {
            (NumberDataViewType s, BooleanDataViewType) when s == NumberDataViewType.Single => FeedForwardTask.BinaryClassification,
            (VectorDataViewType, _) => FeedForwardTask.MulticlassClassification,
            (NumberDataViewType s, null) when s == NumberDataViewType.Single => FeedForwardTask.Regression,
            _ => null,
        };
    }

    // The last visible output column ML.NET's trainers annotate with this ScoreValueKind (Score, Probability,
    // PredictedLabel; the annotation follows a column that CopyColumns renames), else the visible column of that name.
    private static string? OutputOf(DataViewSchema output, string kind)
    {
        string? annotated = output.LastOrDefault(c => !c.IsHidden && c.Annotations.Schema.GetColumnOrNull(ScoreValueKind) is { Type: TextDataViewType }
            && AnnotationText(c, ScoreValueKind) == kind).Name;
        return annotated ?? output.GetColumnOrNull(kind)?.Name;
    }

    private const string ScoreValueKind = "ScoreValueKind"; // ML.NET's AnnotationUtils.Kinds.ScoreValueKind, which is internal

    private static string AnnotationText(DataViewSchema.Column column, string kind)
    {
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(kind, ref value);
        return value.ToString();
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }

    private static string[] DependenciesOf(IRowToRowMapper mapper, IEnumerable<string> outputs) =>
        mapper.GetDependencies(outputs.Select(n => mapper.OutputSchema[n])).Where(c => !c.IsHidden).Select(c => c.Name).Distinct().ToArray();
}
