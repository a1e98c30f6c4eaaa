namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using MLNetDeep.Legacy.Data;

/// <summary>
/// Writes one output column of the current row as a JSON value: numbers (null when not finite), Booleans, strings,
/// vectors as arrays, and keys as the value they stand for (through the column's key values; null for the missing key).
/// </summary>
internal static class OutputColumnWriter
{
    /// <summary>A writer bound to <paramref name="row"/>'s column <paramref name="column"/>.</summary>
    public static Action<Utf8JsonWriter> Create(DataViewRow row, DataViewSchema.Column column) => column.Type switch
    {
        NumberDataViewType n when n == NumberDataViewType.Single => Float(row.GetGetter<float>(column)),
        NumberDataViewType n when n == NumberDataViewType.Double => Double(row.GetGetter<double>(column)),
        NumberDataViewType n when n == NumberDataViewType.Int32 => Int(row.GetGetter<int>(column)),
        NumberDataViewType n when n == NumberDataViewType.Int64 => Long(row.GetGetter<long>(column)),
        BooleanDataViewType => Bool(row.GetGetter<bool>(column)),
        TextDataViewType => Text(row.GetGetter<string>(column)),
        VectorDataViewType => Vector(row.GetGetter<float[]>(column)),
        KeyDataViewType => Key(row.GetGetter<uint>(column), column.KeyValues),
        _ => w => w.WriteNullValue(),
    };

    private static Action<Utf8JsonWriter> Float(ValueGetter<float> get) => w =>
    {
        float v = 0;
        get(ref v);
        WriteSingle(w, v);
    };

    private static Action<Utf8JsonWriter> Double(ValueGetter<double> get) => w =>
    {
        double v = 0;
        get(ref v);
        if (double.IsFinite(v))
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    };

    private static Action<Utf8JsonWriter> Int(ValueGetter<int> get) => w =>
    {
        int v = 0;
        get(ref v);
        w.WriteNumberValue(v);
    };

    private static Action<Utf8JsonWriter> Long(ValueGetter<long> get) => w =>
    {
        long v = 0;
        get(ref v);
        w.WriteNumberValue(v);
    };

    private static Action<Utf8JsonWriter> Bool(ValueGetter<bool> get) => w =>
    {
        bool v = false;
        get(ref v);
        w.WriteBooleanValue(v);
    };

    private static Action<Utf8JsonWriter> Text(ValueGetter<string> get) => w =>
    {
        string v = string.Empty;
        get(ref v);
        w.WriteStringValue(v);
    };

    private static Action<Utf8JsonWriter> Vector(ValueGetter<float[]> get)
    {
        float[] buffer = [];
        return w =>
        {
            get(ref buffer);
            w.WriteStartArray();
            foreach (float f in buffer)
            {
                WriteSingle(w, f);
            }

            w.WriteEndArray();
        };
    }

    private static Action<Utf8JsonWriter> Key(ValueGetter<uint> get, KeyValues? keyValues) => w =>
    {
        uint k = 0;
        get(ref k);
        if (k == 0 || (keyValues is not null && k > keyValues.Count))
        {
            w.WriteNullValue();
            return;
        }

        if (keyValues is null)
        {
            w.WriteNumberValue(k);
            return;
        }

        switch (keyValues.Values.GetValue(k - 1))
        {
            case string s:
                w.WriteStringValue(s);
                break;
            case float f:
                WriteSingle(w, f);
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    };

    private static void WriteSingle(Utf8JsonWriter w, float v)
    {
        if (float.IsFinite(v))
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
