namespace MLNetDeep.Serving.Json;

using Microsoft.ML.Data;

/// <summary>ML.NET column types as people read them, in error messages and model descriptions.</summary>
internal static class TypeNames
{
    /// <summary>The type's name: <c>Single</c>, <c>Text</c>, <c>Boolean</c>, <c>Vector&lt;Single, 784&gt;</c>, <c>Key&lt;UInt32, 3&gt;</c>...</summary>
    public static string Of(DataViewType type) => type switch
    {
        TextDataViewType => "Text",
        VectorDataViewType { IsKnownSize: true } v => $"Vector<{Of(v.ItemType)}, {v.Size}>",
        VectorDataViewType v => $"Vector<{Of(v.ItemType)}>",
        KeyDataViewType k => $"Key<{k.RawType.Name}, {k.Count}>",
        _ => type.RawType.Name,
    };

    /// <summary>What a JSON value must be for the type, e.g. <c>a number (Single)</c>, <c>an array of 2 numbers</c>.</summary>
    public static string Expected(DataViewType type) => type switch
    {
        NumberDataViewType n when IsWhole(n.RawType) => $"a whole number ({n.RawType.Name})",
        NumberDataViewType n => $"a number ({n.RawType.Name})",
        BooleanDataViewType => "true or false (Boolean)",
        TextDataViewType => "a string (Text)",
        VectorDataViewType { IsKnownSize: true } v => $"an array of {v.Size} {Items(v.ItemType)}",
        VectorDataViewType v => $"an array of {Items(v.ItemType)}",
        KeyDataViewType k => $"a key (0 to {k.Count})",
        DateTimeDataViewType => "a date and time (ISO 8601 string)",
        _ => Of(type),
    };

    /// <summary>Whether a raw number type holds whole numbers only.</summary>
    public static bool IsWhole(Type raw) =>
        raw == typeof(int) || raw == typeof(long) || raw == typeof(short) || raw == typeof(sbyte)
        || raw == typeof(byte) || raw == typeof(ushort) || raw == typeof(uint) || raw == typeof(ulong);

    private static string Items(DataViewType item) => item switch
    {
        NumberDataViewType => "numbers",
        BooleanDataViewType => "Booleans",
        TextDataViewType => "strings",
        _ => $"values of {Of(item)}",
    };
}
