namespace MLNetDeep.Cli.LegacyTune;

using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;

/// <summary>
/// How a label column's values become the label the task's trainer wants, learned when training and stored in the
/// model's metadata so that <c>evaluate</c> and <c>predict</c> map the same way.
/// </summary>
/// <remarks>
/// Binary: exactly two distinct values; the larger one is positive (numeric order for numbers; false &lt; true for
/// Boolean words; ordinal string order otherwise, so <c>no</c>/<c>yes</c> makes <c>yes</c> positive).
/// Multiclass: classes sorted by value (<c>MapValueToKey</c> with <c>KeyOrdinality.ByValue</c>), key k is
/// <see cref="Values"/>[k - 1]. Regression: numbers, unchanged. Rows with a missing label are dropped.
/// </remarks>
internal sealed class LabelMapping
{
    private LabelMapping(TaskKind task, string column, bool numeric, string[] values)
    {
        Task = task;
        Column = column;
        Numeric = numeric;
        Values = values;
    }

    /// <summary>The task.</summary>
    public TaskKind Task { get; }

    /// <summary>The label column's name.</summary>
    public string Column { get; }

    /// <summary>Whether the label column holds numbers (Single) rather than text.</summary>
    public bool Numeric { get; }

    /// <summary>Binary: [negative, positive]; multiclass: the classes in key order; regression: empty.</summary>
    public string[] Values { get; }

    /// <summary>The type the label column is loaded with.</summary>
    public DataViewType SourceType => Numeric ? NumberDataViewType.Single : TextDataViewType.Instance;

    /// <summary>Learns the mapping from the label column of <paramref name="data"/>.</summary>
    public static LabelMapping Learn(DeepContext context, TaskKind task, IDataView data, string column, string dataName)
    {
        DataViewSchema.Column label = data.Schema.GetColumnOrNull(column)
            ?? throw CliException.Usage($"--label '{column}': there is no such column in {dataName} (columns: {string.Join(", ", data.Schema.VisibleNames.Where(n => !n.StartsWith(InputData.RawPrefix, StringComparison.Ordinal)))}).");
        bool numeric = label.Type == NumberDataViewType.Single;
        if (!numeric && label.Type != TextDataViewType.Instance)
        {
            throw CliException.Usage($"--label '{column}': the column is {label.Type}; a label must be a number or text.");
        }

        switch (task)
        {
            case TaskKind.Regression:
                if (!numeric)
                {
                    string example = ReadText(data, label).FirstOrDefault(v => !TextValueParser.IsMissing(v) && !TextValueParser.TryParseSingle(v, out _)) ?? "";
                    throw CliException.Failure($"--task regression needs a numeric label, but column '{column}' of {dataName} holds text such as '{example}'.");
                }

                return new LabelMapping(task, column, numeric, []);

            case TaskKind.Binary:
                string[] two = numeric
                    ? ReadSingles(data, label).Where(v => !float.IsNaN(v)).Distinct().Order().Select(Format).ToArray()
                    : OrderText(ReadText(data, label).Where(v => !TextValueParser.IsMissing(v)).Distinct(StringComparer.Ordinal));
                if (two.Length != 2)
                {
                    throw CliException.Failure($"--task binary needs exactly two distinct values in label column '{column}' of {dataName}; found {two.Length}: {Preview(two)}.");
                }

                return new LabelMapping(task, column, numeric, two);

            default:
                var keys = context.Transforms.Conversion.MapValueToKey(column, column, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data);
                KeyValues kv = keys.GetOutputSchema(data.Schema)[column].KeyValues
                    ?? throw new InvalidOperationException("MapValueToKey produced no key values.");
                string[] classes = kv.AsStrings();
                if (classes.Length < 2)
                {
                    throw CliException.Failure($"--task multiclass needs at least two distinct values in label column '{column}' of {dataName}; found {Preview(classes)}.");
                }

                return new LabelMapping(task, column, numeric, classes);
        }
    }

    /// <summary>Reads a mapping from a model's metadata.</summary>
    public static LabelMapping FromJson(JsonObject json) => new(
        Enum.Parse<TaskKind>(json["task"]!.GetValue<string>(), ignoreCase: true),
        json["labelColumn"]!.GetValue<string>(),
        json["labelType"]!.GetValue<string>() == "Single",
        (json["labelValues"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToArray());

    /// <summary>Writes the mapping into a model's metadata object.</summary>
    public void WriteTo(JsonObject json)
    {
        json["task"] = Task.ToString().ToLowerInvariant();
        json["labelColumn"] = Column;
        json["labelType"] = Numeric ? "Single" : "Text";
        json["labelValues"] = new JsonArray(Values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        if (Task == TaskKind.Binary)
        {
            json["positiveLabel"] = Values[1];
        }
    }

    /// <summary>
    /// <paramref name="data"/> in memory with the label column replaced by the task's label (Boolean, key with key
    /// values, or Single) and rows with a missing label dropped. A value the mapping does not know is an error naming the row.
    /// </summary>
    public IDataView Apply(IDataView data, string dataName, out int dropped)
    {
        InMemoryDataView memory = DataViewMaterializer.Materialize(data);
        DataViewSchema.Column label = memory.Schema.GetColumnOrNull(Column)
            ?? throw CliException.Failure($"{dataName} has no label column '{Column}' (columns: {string.Join(", ", memory.Schema.VisibleNames.Where(n => !n.StartsWith(InputData.RawPrefix, StringComparison.Ordinal)))}).");
        Array raw = memory.Column(label.Index).Values;
        int n = memory.RowCount;
        var keep = new List<int>(n);
        ColumnBuffer mapped;
        DataViewSchema.DetachedColumn mappedColumn;
        switch (Task)
        {
            case TaskKind.Regression:
                var singles = (float[])raw;
                for (int i = 0; i < n; i++)
                {
                    if (!float.IsNaN(singles[i]))
                    {
                        keep.Add(i);
                    }
                }

                mapped = ColumnBuffer.FromArray(NumberDataViewType.Single, singles);
                mappedColumn = new(Column, NumberDataViewType.Single);
                break;

            case TaskKind.Binary:
                var bools = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    int k = IndexOf(raw, i, dataName);
                    if (k >= 0)
                    {
                        bools[i] = k == 1;
                        keep.Add(i);
                    }
                }

                mapped = ColumnBuffer.FromArray(BooleanDataViewType.Instance, bools);
                mappedColumn = new(Column, BooleanDataViewType.Instance);
                break;

            default:
                var keys = new uint[n];
                for (int i = 0; i < n; i++)
                {
                    int k = IndexOf(raw, i, dataName);
                    if (k >= 0)
                    {
                        keys[i] = (uint)(k + 1);
                        keep.Add(i);
                    }
                }

                mapped = ColumnBuffer.FromArray(new KeyDataViewType(Values.Length), keys);
                mappedColumn = new(Column, new KeyDataViewType(Values.Length), ClassKeyValues());
                break;
        }

        dropped = n - keep.Count;
        var columns = memory.Schema.Select(c => c.Index == label.Index ? mappedColumn : c.Detach()).ToArray();
        var buffers = Enumerable.Range(0, memory.Schema.Count).Select(i => i == label.Index ? mapped : memory.Column(i)).ToArray();
        var result = new InMemoryDataView(DataViewSchema.Create(columns), buffers);
        return dropped == 0 ? result : result.Select(keep.ToArray());
    }

    /// <summary>The classes as key values of the label's source type (what the multiclass predictor carries).</summary>
    public KeyValues ClassKeyValues() => Numeric
        ? new KeyValues(NumberDataViewType.Single, Values.Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
        : new KeyValues(TextDataViewType.Instance, Values);

    /// <summary>A number as the label values are written (shortest round-trip, invariant culture).</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    // The index of row i's value in Values, or -1 when it is missing; an unknown value is an error.
    private int IndexOf(Array raw, int i, string dataName)
    {
        string? text;
        if (raw is float[] f)
        {
            if (float.IsNaN(f[i]))
            {
                return -1;
            }

            text = Format(f[i]);
        }
        else
        {
            text = ((string[])raw)[i];
            if (text is null || TextValueParser.IsMissing(text))
            {
                return -1;
            }
        }

        int k = Array.IndexOf(Values, text);
        if (k < 0)
        {
            throw CliException.Failure($"{dataName}, data row {i + 1}: label '{text}' in column '{Column}' is not one of the values the model was trained on ({Preview(Values)}).");
        }

        return k;
    }

    private static string[] OrderText(IEnumerable<string> values)
    {
        string[] v = values.ToArray();
        if (v.All(s => bool.TryParse(s, out _)))
        {
            return v.OrderBy(s => bool.Parse(s)).ToArray();
        }

        return v.Order(StringComparer.Ordinal).ToArray();
    }

    private static string Preview(string[] values) =>
        values.Length == 0 ? "none" : string.Join(", ", values.Take(5).Select(v => $"'{v}'")) + (values.Length > 5 ? ", ..." : "");

    private static IEnumerable<float> ReadSingles(IDataView data, DataViewSchema.Column column)
    {
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<float> get = cursor.GetGetter<float>(column);
        float v = 0;
        while (cursor.MoveNext())
        {
            get(ref v);
            yield return v;
        }
    }

    private static IEnumerable<string> ReadText(IDataView data, DataViewSchema.Column column)
    {
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<string?> get = cursor.GetGetter<string?>(column);
        string? v = null;
        while (cursor.MoveNext())
        {
            get(ref v);
            yield return v ?? "";
        }
    }
}
