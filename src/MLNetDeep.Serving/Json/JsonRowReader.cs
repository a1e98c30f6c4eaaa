namespace MLNetDeep.Serving.Json;

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Reads one JSON object into column values in ML.NET's own representation (boxed <c>float</c>, <c>double</c>, the other
/// integer types, <c>bool</c>, <c>ReadOnlyMemory&lt;char&gt;</c> for text, the key's raw type for keys, arrays of those
/// for vectors, or null for a column the object leaves out) and says, naming the field, what is wrong with an object
/// that does not fit. Field names match column names exactly, or else ignoring case; fields that match no column are
/// ignored.
/// </summary>
internal sealed class JsonRowReader
{
    /// <summary>How many characters of a value an error message shows.</summary>
    private const int MaxShown = 40;

    private readonly Dictionary<string, InputColumn> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputColumn> _ignoreCase = new(StringComparer.OrdinalIgnoreCase);

    public JsonRowReader(IReadOnlyList<InputColumn> columns, int width)
    {
        Columns = columns;
        Width = width;
        foreach (InputColumn c in columns)
        {
            _exact[c.Name] = c;
            _ignoreCase.TryAdd(c.Name, c);
        }
    }

    /// <summary>The columns a request may carry, in schema order.</summary>
    public IReadOnlyList<InputColumn> Columns { get; }

    /// <summary>The length of a values array (the schema's column count, hidden columns included).</summary>
    public int Width { get; }

    /// <summary>
    /// The reader for rows of <paramref name="schema"/> fed to <paramref name="model"/>: a column is required when it is in
    /// <paramref name="required"/>, or, without that set, when the model's output schema cannot be computed without it. A
    /// vector of unknown size in <paramref name="schema"/> takes its size from the same-named column of
    /// <paramref name="modelInputSchema"/>.
    /// </summary>
    public static JsonRowReader For(DataViewSchema schema, ITransformer model, DataViewSchema? modelInputSchema = null, IReadOnlySet<string>? required = null)
    {
        var columns = new List<InputColumn>();
        IReadOnlyList<string> dates = PipelineSteps.DateColumns(model, schema);
        foreach (DataViewSchema.Column c in schema.Where(c => !c.IsHidden))
        {
            DataViewType type = c.Type;
            if (type is VectorDataViewType { IsKnownSize: false } && modelInputSchema?.GetColumnOrNull(c.Name)?.Type is VectorDataViewType { IsKnownSize: true } known)
            {
                type = known;
            }

            columns.Add(new InputColumn(c.Name, c.Index, type, c.Type is KeyDataViewType ? ColumnAnnotations.KeyValueTexts(c) : null,
                required?.Contains(c.Name) ?? IsRequired(schema, c, model), dates.Contains(c.Name)));
        }

        return new JsonRowReader(columns, schema.Count);
    }

    /// <summary>
    /// What a request must send differently to <paramref name="after"/> than to <paramref name="before"/> (required columns
    /// added, no longer read, or of another type), as one sentence for the log; null when nothing changed.
    /// </summary>
    public static string? InputChange(JsonRowReader before, JsonRowReader after)
    {
        Dictionary<string, string> was = before.Columns.Where(c => c.Required).ToDictionary(c => c.Name, c => TypeNames.Of(c.Type), StringComparer.Ordinal);
        Dictionary<string, string> now = after.Columns.Where(c => c.Required).ToDictionary(c => c.Name, c => TypeNames.Of(c.Type), StringComparer.Ordinal);
        var parts = new List<string>();
        string[] added = now.Where(kv => !was.ContainsKey(kv.Key)).Select(kv => $"{kv.Key} ({kv.Value})").ToArray();
        string[] retyped = now.Where(kv => was.TryGetValue(kv.Key, out string? old) && old != kv.Value).Select(kv => $"{kv.Key} is now {kv.Value} (was {was[kv.Key]})").ToArray();
        string[] dropped = was.Where(kv => !now.ContainsKey(kv.Key)).Select(kv => kv.Key).ToArray();
        if (added.Length > 0)
        {
            parts.Add("it needs " + string.Join(", ", added));
        }

        if (retyped.Length > 0)
        {
            parts.Add(string.Join(", ", retyped));
        }

        if (dropped.Length > 0)
        {
            parts.Add("it no longer reads " + string.Join(", ", dropped));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>
    /// Reads the row that <paramref name="json"/> is on (a body the caller has already checked is well-formed JSON) into
    /// a values array of <see cref="Width"/> slots, leaving the reader on the row's last token; null on success or the
    /// first problem.
    /// </summary>
    public RowError? Read(ref Utf8JsonReader json, out object?[] values)
    {
        values = new object?[Width];
        if (json.TokenType != JsonTokenType.StartObject)
        {
            return new RowError(null, $"A row must be a JSON object keyed by input column names; got {Describe(json.TokenType)}.");
        }

        string?[]? given = null; // the field name that gave each column, to refuse a column given twice
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            string name = json.GetString()!;
            json.Read();
            if (!_exact.TryGetValue(name, out InputColumn? column) && !_ignoreCase.TryGetValue(name, out column))
            {
                json.Skip();
                continue;
            }

            given ??= new string?[Width];
            if (given[column.Index] is string first)
            {
                // JSON parsers disagree on which duplicate wins; predicting from either would be a guess.
                return new RowError(column.Name, string.Equals(first, name, StringComparison.Ordinal)
                    ? $"Field '{name}' is given more than once."
                    : $"Fields '{first}' and '{name}' both give the column '{column.Name}' (names match ignoring case); give it once.");
            }

            given[column.Index] = name;
            if (json.TokenType == JsonTokenType.Null && !column.Required)
            {
                continue; // null for a column the prediction does not need (say, the label of a whole record) is as good as leaving it out
            }

            RowError? error = ReadValue(column, ref json, out object? value);
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
                return new RowError(c.Name, $"Field '{c.Name}' is required ({TypeNames.Expected(c.Type)}).");
            }
        }

        return null;
    }

    private static bool IsRequired(DataViewSchema schema, DataViewSchema.Column column, ITransformer model)
    {
        var without = new DataViewSchema.Builder();
        foreach (DataViewSchema.Column c in schema.Where(c => c.Index != column.Index))
        {
            without.AddColumn(c.Name, c.Type, c.Annotations);
        }

        try
        {
            model.GetOutputSchema(without.ToSchema());
            return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return true;
        }
    }

    private static RowError? ReadValue(InputColumn c, ref Utf8JsonReader json, out object? value)
    {
        switch (c.Type)
        {
            case VectorDataViewType v:
                return ReadVector(c, v, ref json, out value);
            case KeyDataViewType k:
                return ReadKey(c, k, ref json, out value);
            default:
                RowError? error = ReadScalar(c.Type, ref json, c.Name, out value);
                return error ?? (value is null ? new RowError(c.Name, $"Field '{c.Name}' has the type {TypeNames.Of(c.Type)}, which requests cannot carry.")
                    : c.Date && value is ReadOnlyMemory<char> text && !PipelineSteps.IsDateOrMissing(text.Span)
                        ? new RowError(c.Name, $"Field '{c.Name}' must be an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), or null when missing; got {Describe(ref json)}.")
                        : null);
        }
    }

    /// <summary>
    /// Reads one scalar of <paramref name="type"/>; a null value with no error means the type is not supported. JSON
    /// <c>null</c> is the missing value as ML.NET's loaders read an empty field: NaN for Single and Double, the empty
    /// string for text; an error for the types ML.NET has no missing value for (Boolean, integers, dates).
    /// </summary>
    private static RowError? ReadScalar(DataViewType type, ref Utf8JsonReader json, string field, out object? value)
    {
        value = null;
        Type raw = type.RawType;
        JsonTokenType token = json.TokenType;
        if (token == JsonTokenType.Null)
        {
            value = raw == typeof(float) ? float.NaN : raw == typeof(double) ? double.NaN : type is TextDataViewType ? ReadOnlyMemory<char>.Empty : (object?)null;
            return value is not null ? null
                : new RowError(field, $"Field '{field}' must be {TypeNames.Expected(type)}; got null, and ML.NET's {TypeNames.Of(type)} has no missing value.");
        }

        bool fits = type switch
        {
            NumberDataViewType => token == JsonTokenType.Number,
            BooleanDataViewType => token is JsonTokenType.True or JsonTokenType.False,
            TextDataViewType or DateTimeDataViewType => token == JsonTokenType.String,
            _ => true,
        };
        if (!fits)
        {
            return new RowError(field, $"Field '{field}' must be {TypeNames.Expected(type)}; got {Describe(ref json)}.");
        }

        if (type is NumberDataViewType)
        {
            value = raw == typeof(float) ? (json.TryGetSingle(out float f) && float.IsFinite(f) ? f : null)
                : raw == typeof(double) ? (json.TryGetDouble(out double d) && double.IsFinite(d) ? d : null)
                : raw == typeof(int) ? (json.TryGetInt32(out int i) ? i : null)
                : raw == typeof(long) ? (json.TryGetInt64(out long l) ? l : null)
                : raw == typeof(short) ? (json.TryGetInt16(out short s) ? s : null)
                : raw == typeof(sbyte) ? (json.TryGetSByte(out sbyte sb) ? sb : null)
                : raw == typeof(byte) ? (json.TryGetByte(out byte b) ? b : null)
                : raw == typeof(ushort) ? (json.TryGetUInt16(out ushort us) ? us : null)
                : raw == typeof(uint) ? (json.TryGetUInt32(out uint ui) ? ui : null)
                : raw == typeof(ulong) ? (json.TryGetUInt64(out ulong ul) ? ul : null)
                : null;
            if (value is null)
            {
                return TypeNames.IsWhole(raw)
                    ? new RowError(field, $"Field '{field}' must be a whole number within the range of {raw.Name}; got {Describe(ref json)}.")
                    : new RowError(field, $"Field '{field}' is out of the range of {raw.Name}; got {Describe(ref json)}.");
            }

            return null;
        }

        switch (type)
        {
            case BooleanDataViewType:
                value = token == JsonTokenType.True;
                return null;
            case TextDataViewType:
                value = (json.GetString() ?? "").AsMemory();
                return null;
            case DateTimeDataViewType:
                if (!DateTime.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime when))
                {
                    return new RowError(field, $"Field '{field}' must be {TypeNames.Expected(type)}; got {Describe(ref json)}.");
                }

                value = when;
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads a vector item by item, leaving the reader on its closing bracket. A vector of the wrong length is refused
    /// for its length before any item is, as the items are counted to the end after the first bad one.
    /// </summary>
    private static RowError? ReadVector(InputColumn c, VectorDataViewType type, ref Utf8JsonReader json, out object? value)
    {
        value = null;
        if (json.TokenType != JsonTokenType.StartArray)
        {
            return new RowError(c.Name, $"Field '{c.Name}' must be {TypeNames.Expected(type)}; got {Describe(ref json)}.");
        }

        bool floats = type.ItemType.RawType == typeof(float);
        float[] singles = floats ? new float[type.IsKnownSize ? type.Size : 16] : [];
        List<object> items = [];
        RowError? first = null;
        int length = 0;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            int j = length++;
            if (first is not null || (type.IsKnownSize && j >= type.Size))
            {
                json.Skip(); // only counting now
                continue;
            }

            if (floats)
            {
                float f = float.NaN; // null: the missing value
                if (json.TokenType != JsonTokenType.Null && (json.TokenType != JsonTokenType.Number || !json.TryGetSingle(out f) || !float.IsFinite(f)))
                {
                    first = new RowError($"{c.Name}[{j}]", $"Field '{c.Name}[{j}]' must be a finite number (Single); got {Describe(ref json)}.");
                }
                else
                {
                    if (j == singles.Length)
                    {
                        Array.Resize(ref singles, 2 * j);
                    }

                    singles[j] = f;
                }
            }
            else
            {
                first = ReadScalar(type.ItemType, ref json, $"{c.Name}[{j}]", out object? one)
                    ?? (one is null ? new RowError(c.Name, $"Field '{c.Name}' has the type {TypeNames.Of(type)}, which requests cannot carry.") : null);
                if (first is null)
                {
                    items.Add(one!);
                }
            }

            json.Skip(); // past an object or array item that was refused
        }

        if (type.IsKnownSize && length != type.Size)
        {
            return new RowError(c.Name, $"Field '{c.Name}' must be {TypeNames.Expected(type)}; got {length}.");
        }

        if (first is not null)
        {
            return first;
        }

        if (floats)
        {
            value = length == singles.Length ? singles : singles[..length];
            return null;
        }

        var vector = Array.CreateInstance(type.ItemType.RawType, length);
        for (int k = 0; k < length; k++)
        {
            vector.SetValue(items[k], k);
        }

        value = vector;
        return null;
    }

    private static RowError? ReadKey(InputColumn c, KeyDataViewType type, ref Utf8JsonReader json, out object? value)
    {
        value = null;
        ulong? key = null;
        if (json.TokenType == JsonTokenType.Number && json.TryGetUInt64(out ulong number) && number <= type.Count)
        {
            key = number;
        }
        else if (json.TokenType == JsonTokenType.String && c.KeyValues is not null)
        {
            string? text = json.GetString();
            for (int i = 0; i < c.KeyValues.Count; i++)
            {
                if (string.Equals(c.KeyValues[i], text, StringComparison.Ordinal))
                {
                    key = (ulong)i + 1;
                    break;
                }
            }
        }

        if (key is ulong k)
        {
            value = Type.GetTypeCode(type.RawType) switch
            {
                TypeCode.Byte => (byte)k,
                TypeCode.UInt16 => (ushort)k,
                TypeCode.UInt32 => (uint)k,
                _ => k,
            };
            return null;
        }

        string values = c.KeyValues is null ? string.Empty : $" or one of: {string.Join(", ", c.KeyValues.Take(20))}{(c.KeyValues.Count > 20 ? ", ..." : "")}";
        return new RowError(c.Name, $"Field '{c.Name}' must be a key from 0 to {type.Count}{values}; got {Describe(ref json)}.");
    }

    /// <summary>The JSON value the reader is on as an error message shows it: its kind, and for a string or number the value as sent (shortened).</summary>
    private static string Describe(ref Utf8JsonReader json) => json.TokenType switch
    {
        JsonTokenType.String => $"a string ({Shorten("\"" + Encoding.UTF8.GetString(json.ValueSpan) + "\"")})",
        JsonTokenType.Number => $"a number ({Shorten(Encoding.UTF8.GetString(json.ValueSpan))})",
        _ => Describe(json.TokenType),
    };

    private static string Shorten(string raw) => raw.Length <= MaxShown ? raw : raw[..MaxShown] + "...";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a Boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
