namespace MLNetDeep.Serving.Dynamic;

using System.Globalization;
using System.Text.Json;

/// <summary>Writes ML.NET's raw column values as JSON values (numbers, Booleans, strings, dates as ISO 8601 strings).</summary>
internal static class JsonValues
{
    /// <summary>Whether values of the raw type <paramref name="type"/> have a JSON form here.</summary>
    public static bool CanWrite(Type type) =>
        type == typeof(float) || type == typeof(double) || type == typeof(bool) || type == typeof(ReadOnlyMemory<char>)
        || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan);

    public static bool IsNaN<T>(T value) =>
        (typeof(T) == typeof(float) && float.IsNaN((float)(object)value!)) || (typeof(T) == typeof(double) && double.IsNaN((double)(object)value!));

    public static bool IsFinite<T>(T value) =>
        typeof(T) == typeof(float) ? float.IsFinite((float)(object)value!)
        : typeof(T) != typeof(double) || double.IsFinite((double)(object)value!);

    /// <summary>A number as text (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> for the ones JSON cannot carry).</summary>
    public static string Text<T>(T value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";

    public static void Write<T>(Utf8JsonWriter writer, T value)
    {
        if (typeof(T) == typeof(float))
        {
            writer.WriteNumberValue((float)(object)value!);
        }
        else if (typeof(T) == typeof(double))
        {
            writer.WriteNumberValue((double)(object)value!);
        }
        else if (typeof(T) == typeof(bool))
        {
            writer.WriteBooleanValue((bool)(object)value!);
        }
        else if (typeof(T) == typeof(ReadOnlyMemory<char>))
        {
            writer.WriteStringValue(((ReadOnlyMemory<char>)(object)value!).Span);
        }
        else if (typeof(T) == typeof(int))
        {
            writer.WriteNumberValue((int)(object)value!);
        }
        else if (typeof(T) == typeof(long))
        {
            writer.WriteNumberValue((long)(object)value!);
        }
        else if (typeof(T) == typeof(uint))
        {
            writer.WriteNumberValue((uint)(object)value!);
        }
        else if (typeof(T) == typeof(ulong))
        {
            writer.WriteNumberValue((ulong)(object)value!);
        }
        else if (typeof(T) == typeof(short) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(ushort))
        {
            writer.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture));
        }
        else if (typeof(T) == typeof(DateTime))
        {
            writer.WriteStringValue((DateTime)(object)value!);
        }
        else if (typeof(T) == typeof(DateTimeOffset))
        {
            writer.WriteStringValue((DateTimeOffset)(object)value!);
        }
        else if (typeof(T) == typeof(TimeSpan))
        {
            writer.WriteStringValue(((TimeSpan)(object)value!).ToString("c", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>The JSON of one boxed value (e.g. a key value), null for values JSON cannot carry.</summary>
    public static byte[] Serialize(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            switch (value)
            {
                case null:
                case float or double when !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                    writer.WriteNullValue();
                    break;
                case float f:
                    writer.WriteNumberValue(f);
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case IConvertible c when Json.TypeNames.IsWhole(value.GetType()):
                    writer.WriteNumberValue(c.ToDecimal(CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.WriteStringValue(DataViewValues.ToText(value));
                    break;
            }
        }

        return buffer.ToArray();
    }
}
