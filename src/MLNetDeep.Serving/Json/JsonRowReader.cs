namespace MLNetDeep.Serving.Json;

using System.Text.Json;
using MLNetDeep.Legacy.Data;

/// <summary>
/// Reads one JSON object into column values (boxed float, double, int, long, bool, string, float[] or uint, or null for
/// a column the object leaves out) and says, naming the field, what is wrong with an object that does not fit.
/// Field names match column names exactly, or else ignoring case; fields that match no column are ignored.
/// </summary>
internal sealed class JsonRowReader
{
    private readonly Dictionary<string, InputColumn> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputColumn> _ignoreCase = new(StringComparer.OrdinalIgnoreCase);

    public JsonRowReader(IReadOnlyList<InputColumn> columns)
    {
        Columns = columns;
        foreach (InputColumn c in columns)
        {
            _exact[c.Name] = c;
            _ignoreCase.TryAdd(c.Name, c);
        }
    }

    /// <summary>The columns, in values-array order.</summary>
    public IReadOnlyList<InputColumn> Columns { get; }

    /// <summary>
    /// The reader for rows of <paramref name="schema"/> fed to <paramref name="model"/>: a column is required when the
    /// model's output schema cannot be computed without it. A vector of unknown size in <paramref name="schema"/> takes
    /// its size from the same-named column of <paramref name="modelInputSchema"/>.
    /// </summary>
    public static JsonRowReader For(DataViewSchema schema, ITransformer model, DataViewSchema? modelInputSchema = null)
    {
        var columns = new List<InputColumn>();
        foreach (DataViewSchema.Column c in schema.Where(c => !c.IsHidden))
        {
            DataViewType type = c.Type;
            if (type is VectorDataViewType { IsKnownSize: false } && modelInputSchema?.GetColumnOrNull(c.Name)?.Type is VectorDataViewType { IsKnownSize: true } known)
            {
                type = known;
            }

            columns.Add(new InputColumn(c.Name, c.Index, type, c.KeyValues, IsRequired(schema, c, model)));
        }

        return new JsonRowReader(columns);
    }

    /// <summary>Reads <paramref name="row"/> into a values array of <paramref name="width"/> slots; null on success or the first problem.</summary>
    public RowError? Read(JsonElement row, int width, out object?[] values)
    {
        values = new object?[width];
        if (row.ValueKind != JsonValueKind.Object)
        {
            return new RowError(null, $"A row must be a JSON object keyed by input column names; got {Describe(row.ValueKind)}.");
        }

        foreach (JsonProperty p in row.EnumerateObject())
        {
            if (!_exact.TryGetValue(p.Name, out InputColumn? column) && !_ignoreCase.TryGetValue(p.Name, out column))
            {
                continue;
            }

            RowError? error = ReadValue(column, p.Value, out object? value);
            if (error is not null)
            {
                return error;
            }

            values[column.Index] = value;
        }

        foreach (InputColumn c in Columns)
        {
            if (c.Required && values[c.Index] is null)
            {
                return new RowError(c.Name, $"Field '{c.Name}' is required ({Expected(c.Type)}).");
            }
        }

        return null;
    }

    private static bool IsRequired(DataViewSchema schema, DataViewSchema.Column column, ITransformer model)
    {
        DataViewSchema without = DataViewSchema.Create(schema.Where(c => c.Index != column.Index).Select(c => c.Detach()));
        try
        {
            model.GetOutputSchema(without);
            return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return true;
        }
    }

    private static RowError? ReadValue(InputColumn c, JsonElement e, out object? value)
    {
        value = null;
        RowError Wrong() => new(c.Name, $"Field '{c.Name}' must be {Expected(c.Type)}; got {Describe(e.ValueKind)}.");
        switch (c.Type)
        {
            case NumberDataViewType n when n == NumberDataViewType.Single:
                if (e.ValueKind != JsonValueKind.Number)
                {
                    return Wrong();
                }

                if (!e.TryGetSingle(out float f) || !float.IsFinite(f))
                {
                    return new RowError(c.Name, $"Field '{c.Name}' is out of the range of Single.");
                }

                value = f;
                return null;
            case NumberDataViewType n when n == NumberDataViewType.Double:
                if (e.ValueKind != JsonValueKind.Number)
                {
                    return Wrong();
                }

                if (!e.TryGetDouble(out double d) || !double.IsFinite(d))
                {
                    return new RowError(c.Name, $"Field '{c.Name}' is out of the range of Double.");
                }

                value = d;
                return null;
            case NumberDataViewType n when n == NumberDataViewType.Int32:
                if (e.ValueKind != JsonValueKind.Number)
                {
                    return Wrong();
                }

                if (!e.TryGetInt32(out int i))
                {
                    return new RowError(c.Name, $"Field '{c.Name}' must be a whole number within the range of Int32.");
                }

                value = i;
                return null;
            case NumberDataViewType n when n == NumberDataViewType.Int64:
                if (e.ValueKind != JsonValueKind.Number)
                {
                    return Wrong();
                }

                if (!e.TryGetInt64(out long l))
                {
                    return new RowError(c.Name, $"Field '{c.Name}' must be a whole number within the range of Int64.");
                }

                value = l;
                return null;
            case BooleanDataViewType:
                if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Wrong();
                }

                value = e.ValueKind == JsonValueKind.True;
                return null;
            case TextDataViewType:
                if (e.ValueKind != JsonValueKind.String)
                {
                    return Wrong();
                }

                value = e.GetString();
                return null;
            case VectorDataViewType v:
                return ReadVector(c, v, e, out value);
            case KeyDataViewType k:
                return ReadKey(c, k, e, out value);
            default:
                return new RowError(c.Name, $"Field '{c.Name}' has the type {c.Type}, which requests cannot carry.");
        }
    }

    private static RowError? ReadVector(InputColumn c, VectorDataViewType type, JsonElement e, out object? value)
    {
        value = null;
        if (e.ValueKind != JsonValueKind.Array)
        {
            return new RowError(c.Name, $"Field '{c.Name}' must be {Expected(type)}; got {Describe(e.ValueKind)}.");
        }

        int length = e.GetArrayLength();
        if (type.IsKnownSize && length != type.Size)
        {
            return new RowError(c.Name, $"Field '{c.Name}' must be an array of {type.Size} numbers; got {length}.");
        }

        var vector = new float[length];
        int j = 0;
        foreach (JsonElement item in e.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out float f) || !float.IsFinite(f))
            {
                return new RowError($"{c.Name}[{j}]", $"Field '{c.Name}[{j}]' must be a finite number (Single); got {Describe(item.ValueKind)}.");
            }

            vector[j++] = f;
        }

        value = vector;
        return null;
    }

    private static RowError? ReadKey(InputColumn c, KeyDataViewType type, JsonElement e, out object? value)
    {
        value = null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetUInt32(out uint key) && key <= type.Count)
        {
            value = key;
            return null;
        }

        if (e.ValueKind == JsonValueKind.String && c.KeyValues is not null)
        {
            int at = Array.IndexOf(c.KeyValues.AsStrings(), e.GetString());
            if (at >= 0)
            {
                value = (uint)(at + 1);
                return null;
            }
        }

        string values = c.KeyValues is null ? string.Empty : $" or one of: {string.Join(", ", c.KeyValues.AsStrings())}";
        return new RowError(c.Name, $"Field '{c.Name}' must be a key from 0 to {type.Count}{values}.");
    }

    private static string Expected(DataViewType type) => type switch
    {
        NumberDataViewType n when n == NumberDataViewType.Int32 || n == NumberDataViewType.Int64 => $"a whole number ({n})",
        NumberDataViewType n => $"a number ({n})",
        BooleanDataViewType => "true or false (Boolean)",
        TextDataViewType => "a string (Text)",
        VectorDataViewType { IsKnownSize: true } v => $"an array of {v.Size} numbers",
        VectorDataViewType => "an array of numbers",
        KeyDataViewType k => $"a key (0 to {k.Count})",
        _ => type.ToString() ?? string.Empty,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a Boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
