namespace MLNetDeep.Legacy.Data;

/// <summary>Declares a <c>float[]</c> member a vector of known size (the product of the dimensions).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VectorTypeAttribute(params int[] dimensions) : Attribute
{
    /// <summary>The dimensions; their product is the size.</summary>
    public IReadOnlyList<int> Dimensions { get; } = dimensions;

    /// <summary>The vector's size (0 when no dimension is given: variable size).</summary>
    public int Size => Dimensions.Count == 0 ? 0 : Dimensions.Aggregate(1, (a, b) => a * b);
}
