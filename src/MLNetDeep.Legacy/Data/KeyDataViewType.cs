namespace MLNetDeep.Legacy.Data;

/// <summary>
/// A key: a category index stored as <c>uint</c>, 1..<see cref="Count"/>, with 0 meaning missing (ML.NET's convention).
/// The multiclass label type; made by <c>MapValueToKey</c>.
/// </summary>
public sealed class KeyDataViewType : DataViewType
{
    /// <summary>Creates a key type with <paramref name="count"/> categories.</summary>
    public KeyDataViewType(int count)
        : base(typeof(uint))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    /// <summary>The number of categories.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is KeyDataViewType k && k.Count == Count;

    /// <inheritdoc/>
    public override string ToString() => $"Key<UInt32, 0-{Count}>";
}
