namespace MLNetDeep.Legacy.Data;

/// <summary>
/// A vector of Single (<c>float[]</c>). <see cref="Size"/> is its length, or 0 for a variable-size vector (which the
/// trainers refuse: features must have a known size).
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>Creates a vector type of Single.</summary>
    /// <param name="size">The length; 0 means variable size. Default 0.</param>
    public VectorDataViewType(int size = 0)
        : base(typeof(float[]))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
    }

    /// <summary>The item type; always <see cref="NumberDataViewType.Single"/>.</summary>
    public NumberDataViewType ItemType => NumberDataViewType.Single;

    /// <summary>The length, or 0 for variable size.</summary>
    public int Size { get; }

    /// <summary>Whether the size is known.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is VectorDataViewType v && v.Size == Size;

    /// <inheritdoc/>
    public override string ToString() => Size > 0 ? $"Vector<Single, {Size}>" : "Vector<Single>";
}
