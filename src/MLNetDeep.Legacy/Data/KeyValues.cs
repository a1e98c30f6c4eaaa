namespace MLNetDeep.Legacy.Data;

/// <summary>
/// The values a key column's keys stand for (ML.NET's "KeyValues" annotation): key k (1-based) is <c>Values[k - 1]</c>.
/// <see cref="Values"/> is a typed array (string[], float[], double[], int[], long[] or bool[]) of <see cref="ValueType"/>.
/// </summary>
public sealed class KeyValues
{
    /// <summary>Wraps the values; the array's element type must be the raw type of <paramref name="valueType"/>.</summary>
    public KeyValues(DataViewType valueType, Array values)
    {
        ArgumentNullException.ThrowIfNull(valueType);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetType().GetElementType() != valueType.RawType)
        {
            throw new ArgumentException($"Key values of type {valueType} must be a {valueType.RawType.Name}[]; got {values.GetType().Name}.", nameof(values));
        }

        ValueType = valueType;
        Values = values;
    }

    /// <summary>The type of the original values.</summary>
    public DataViewType ValueType { get; }

    /// <summary>The values, in key order.</summary>
    public Array Values { get; }

    /// <summary>The number of keys.</summary>
    public int Count => Values.Length;

    /// <summary>The values as text (invariant culture), e.g. for reports.</summary>
    public string[] AsStrings() => Values.Cast<object>().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
}
