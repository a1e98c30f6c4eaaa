namespace MLNetDeep.AutoML;

using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// A fingerprint of data views: SHA-256 (first 16 bytes, hex) over each view's visible column names and types, its row
/// count and every value, read once through a cursor. The same data read the same way gives the same fingerprint on
/// every machine, so a study can refuse to resume on other data. Numbers, Booleans, times and keys are hashed by their
/// bytes, text as UTF-16, vectors by their length, representation and values; a column of any other type contributes
/// its name and type only.
/// </summary>
internal static class DataFingerprint
{
    private delegate void Hasher(IncrementalHash hash);

    private static readonly MethodInfo ScalarMethod = typeof(DataFingerprint).GetMethod(nameof(Scalar), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo VectorMethod = typeof(DataFingerprint).GetMethod(nameof(Vector), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The fingerprint of <paramref name="parts"/> (a role such as <c>train</c> and its view, in order) under <paramref name="description"/> (how they are used).</summary>
    public static string Of(string description, params (string Role, IDataView Data)[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Text(hash, description);
        foreach (var (role, data) in parts)
        {
            Text(hash, role);
            View(hash, data);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    private static void View(IncrementalHash hash, IDataView data)
    {
        DataViewSchema.Column[] columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        foreach (DataViewSchema.Column c in columns)
        {
            Text(hash, $"{c.Name}:{c.Type}");
        }

        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        Hasher[] hashers = columns.Select(c => For(cursor, c)).OfType<Hasher>().ToArray();
        long rows = 0;
        while (cursor.MoveNext())
        {
            foreach (Hasher h in hashers)
            {
                h(hash);
            }

            rows++;
        }

        Bytes(hash, ref rows);
    }

    private static Hasher? For(DataViewRow row, DataViewSchema.Column column)
    {
        Type raw = column.Type.RawType;
        if (raw == typeof(ReadOnlyMemory<char>))
        {
            ValueGetter<ReadOnlyMemory<char>> get = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return h =>
            {
                get(ref value);
                int length = value.Length;
                Bytes(h, ref length);
                h.AppendData(MemoryMarshal.AsBytes(value.Span));
            };
        }

        if (raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>) && IsPlain(raw.GetGenericArguments()[0]))
        {
            return (Hasher)VectorMethod.MakeGenericMethod(raw.GetGenericArguments()[0]).Invoke(null, [row, column])!;
        }

        return IsPlain(raw) ? (Hasher)ScalarMethod.MakeGenericMethod(raw).Invoke(null, [row, column])! : null;
    }

    private static bool IsPlain(Type t) => t.IsValueType && !t.IsGenericType && !(bool)typeof(RuntimeHelpers)
        .GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static Hasher Scalar<T>(DataViewRow row, DataViewSchema.Column column)
        where T : struct
    {
        ValueGetter<T> get = row.GetGetter<T>(column);
        T value = default;
        return h =>
        {
            get(ref value);
            Bytes(h, ref value);
        };
    }

    private static Hasher Vector<T>(DataViewRow row, DataViewSchema.Column column)
        where T : struct
    {
        ValueGetter<VBuffer<T>> get = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return h =>
        {
            get(ref value);
            int length = value.Length, stored = value.GetValues().Length;
            bool dense = value.IsDense;
            Bytes(h, ref length);
            Bytes(h, ref stored);
            Bytes(h, ref dense);
            h.AppendData(MemoryMarshal.AsBytes(value.GetValues()));
            if (!dense)
            {
                h.AppendData(MemoryMarshal.AsBytes(value.GetIndices()));
            }
        };
    }

    private static void Bytes<T>(IncrementalHash hash, ref T value)
        where T : struct => hash.AppendData(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1)));

    private static void Text(IncrementalHash hash, string text)
    {
        int length = text.Length;
        Bytes(hash, ref length);
        hash.AppendData(Encoding.UTF8.GetBytes(text));
    }
}
