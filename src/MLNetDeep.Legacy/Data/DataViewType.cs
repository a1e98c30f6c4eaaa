namespace MLNetDeep.Legacy.Data;

/// <summary>
/// The type of a data view column (ML.NET's <c>DataViewType</c>): a number, a Boolean, text, a known-size vector of
/// Single, or a key. <see cref="RawType"/> is the CLR type a getter of the column produces.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    private protected DataViewType(Type rawType)
    {
        RawType = rawType;
    }

    /// <summary>The CLR type of the column's values: float, double, int, long, bool, string, float[] (vectors) or uint (keys).</summary>
    public Type RawType { get; }

    /// <inheritdoc/>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode() => (ToString() ?? string.Empty).GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether two types are equal.</summary>
    public static bool operator ==(DataViewType? a, DataViewType? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Whether two types differ.</summary>
    public static bool operator !=(DataViewType? a, DataViewType? b) => !(a == b);
}
