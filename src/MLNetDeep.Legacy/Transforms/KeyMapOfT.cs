namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>A <see cref="KeyMap"/> over values of raw type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">string, bool, float, double, int or long.</typeparam>
internal sealed class KeyMap<T> : KeyMap
    where T : notnull
{
    private readonly DataViewType _type;
    private readonly T[] _values;
    private readonly Dictionary<T, uint> _keys;
    private readonly Func<T, bool> _isMissing;

    public KeyMap(DataViewType type, T[] values, Func<T, bool> isMissing)
    {
        _type = type;
        _values = values;
        _isMissing = isMissing;
        _keys = new Dictionary<T, uint>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (isMissing(values[i]) || !_keys.TryAdd(values[i], (uint)(i + 1)))
            {
                throw new ArgumentException($"Key values must be distinct and not missing; value {i + 1} ('{Show(values[i])}') is not.");
            }
        }

        if (values.Length == 0)
        {
            throw new ArgumentException("Key values must not be empty.");
        }
    }

    public override DataViewType ValueType => _type;

    public override int Count => _values.Length;

    public override KeyValues ToKeyValues() => new(_type, _values);

    public override Func<uint> CreateLookup(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return value is null || _isMissing(value) ? 0 : _keys.GetValueOrDefault(value);
        };
    }

    /// <summary>
    /// Reads the column and keeps the first <paramref name="maximumNumberOfKeys"/> distinct non-missing values, in order
    /// of first occurrence, then sorted when <paramref name="ordinality"/> is ByValue (ML.NET's rule: the cap applies
    /// before sorting). Reading stops once the cap is reached.
    /// </summary>
    public static KeyMap<T> Learn(string step, DataViewType type, IDataView data, DataViewSchema.Column column, int maximumNumberOfKeys, ValueToKeyMappingEstimator.KeyOrdinality ordinality, Func<T, bool> isMissing, IComparer<T> comparer)
    {
        var seen = new HashSet<T>();
        var values = new List<T>();
        using (DataViewRowCursor cursor = data.GetRowCursor([column]))
        {
            ValueGetter<T> getter = cursor.GetGetter<T>(column);
            T value = default!;
            while (values.Count < maximumNumberOfKeys && cursor.MoveNext())
            {
                getter(ref value!);
                if (value is not null && !isMissing(value) && seen.Add(value))
                {
                    values.Add(value);
                }
            }
        }

        if (values.Count == 0)
        {
            throw new InvalidOperationException($"{step}: column '{column.Name}' has no non-missing values to learn keys from.");
        }

        if (ordinality == ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
        {
            values.Sort(comparer);
        }

        return new KeyMap<T>(type, values.ToArray(), isMissing);
    }
}
