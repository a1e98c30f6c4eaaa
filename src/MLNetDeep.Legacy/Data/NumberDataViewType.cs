namespace MLNetDeep.Legacy.Data;

/// <summary>A numeric column type: Single, Double, Int32 or Int64.</summary>
public sealed class NumberDataViewType : DataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name)
        : base(rawType)
    {
        _name = name;
    }

    /// <summary>32-bit floating point (<c>float</c>).</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");

    /// <summary>64-bit floating point (<c>double</c>).</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double), "Double");

    /// <summary>32-bit integer (<c>int</c>).</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");

    /// <summary>64-bit integer (<c>long</c>).</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long), "Int64");

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override string ToString() => _name;
}
