namespace MLNetDeep.Cli.Data;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>The <see cref="DataKind"/> a text file's column is loaded as to get a column of a given ML.NET type.</summary>
internal static class ColumnTypes
{
    /// <summary>The kind of a scalar of <paramref name="type"/>, or null when a text file cannot give it (vectors, keys).</summary>
    public static DataKind? KindOf(DataViewType type) => type is VectorDataViewType or KeyDataViewType ? null : type.RawType switch
    {
        Type t when t == typeof(float) => DataKind.Single,
        Type t when t == typeof(double) => DataKind.Double,
        Type t when t == typeof(bool) => DataKind.Boolean,
        Type t when t == typeof(ReadOnlyMemory<char>) => DataKind.String,
        Type t when t == typeof(int) => DataKind.Int32,
        Type t when t == typeof(long) => DataKind.Int64,
        Type t when t == typeof(short) => DataKind.Int16,
        Type t when t == typeof(sbyte) => DataKind.SByte,
        Type t when t == typeof(uint) => DataKind.UInt32,
        Type t when t == typeof(ulong) => DataKind.UInt64,
        Type t when t == typeof(ushort) => DataKind.UInt16,
        Type t when t == typeof(byte) => DataKind.Byte,
        _ => null,
    };

    /// <summary>The kinds to load a text file with so that it has the columns of <paramref name="schema"/> (those a text file can give).</summary>
    public static Dictionary<string, DataKind> Of(DataViewSchema schema) =>
        schema.Where(c => !c.IsHidden && KindOf(c.Type) is not null).ToDictionary(c => c.Name, c => KindOf(c.Type)!.Value, StringComparer.Ordinal);
}
