namespace MLNetDeep.Legacy.Transforms;

using System.Globalization;
using MLNetDeep.Legacy.Data;

/// <summary>
/// The dictionary a value-to-key step learns: distinct non-missing values, in key order (key k is value k - 1).
/// Shared by <see cref="ValueToKeyMappingTransformer"/> and <see cref="OneHotEncodingTransformer"/>.
/// </summary>
internal abstract class KeyMap
{
    /// <summary>The type of the values.</summary>
    public abstract DataViewType ValueType { get; }

    /// <summary>The number of keys.</summary>
    public abstract int Count { get; }

    /// <summary>The values as key values of their own type.</summary>
    public abstract KeyValues ToKeyValues();

    /// <summary>The key values, as text when <paramref name="asText"/> (invariant culture) or of their own type otherwise.</summary>
    public KeyValues ToKeyValues(bool asText)
    {
        KeyValues kv = ToKeyValues();
        return asText && ValueType is not TextDataViewType ? new KeyValues(TextDataViewType.Instance, kv.AsStrings()) : kv;
    }

    /// <summary>A function returning the key (1..Count) of the row's current value, or 0 when it is missing or unseen.</summary>
    public abstract Func<uint> CreateLookup(DataViewRow row, DataViewSchema.Column column);

    /// <summary>Learns the keys from a column of a supported type (see <see cref="ColumnChecks.IsKeyable"/>).</summary>
    public static KeyMap Learn(string step, IDataView data, DataViewSchema.Column column, int maximumNumberOfKeys, ValueToKeyMappingEstimator.KeyOrdinality ordinality)
    {
        DataViewType t = column.Type;
        if (t is TextDataViewType)
        {
            return KeyMap<string>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, string.IsNullOrEmpty, StringComparer.Ordinal);
        }

        if (t is BooleanDataViewType)
        {
            return KeyMap<bool>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, _ => false, Comparer<bool>.Default);
        }

        if (t == NumberDataViewType.Single)
        {
            return KeyMap<float>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, float.IsNaN, Comparer<float>.Default);
        }

        if (t == NumberDataViewType.Double)
        {
            return KeyMap<double>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, double.IsNaN, Comparer<double>.Default);
        }

        if (t == NumberDataViewType.Int32)
        {
            return KeyMap<int>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, _ => false, Comparer<int>.Default);
        }

        if (t == NumberDataViewType.Int64)
        {
            return KeyMap<long>.Learn(step, t, data, column, maximumNumberOfKeys, ordinality, _ => false, Comparer<long>.Default);
        }

        throw new ArgumentException($"Column '{column.Name}' is {t}; {ColumnChecks.KeyableTypes} was expected.");
    }

    /// <summary>Rebuilds a map from saved key values.</summary>
    public static KeyMap FromKeyValues(KeyValues kv) => kv.Values switch
    {
        string[] a => new KeyMap<string>(kv.ValueType, a, string.IsNullOrEmpty),
        bool[] a => new KeyMap<bool>(kv.ValueType, a, _ => false),
        float[] a => new KeyMap<float>(kv.ValueType, a, float.IsNaN),
        double[] a => new KeyMap<double>(kv.ValueType, a, double.IsNaN),
        int[] a => new KeyMap<int>(kv.ValueType, a, _ => false),
        long[] a => new KeyMap<long>(kv.ValueType, a, _ => false),
        _ => throw new ArgumentException($"Key values of type {kv.ValueType} are not supported."),
    };

    /// <summary>The text of a value, for messages (invariant culture).</summary>
    protected static string Show(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
