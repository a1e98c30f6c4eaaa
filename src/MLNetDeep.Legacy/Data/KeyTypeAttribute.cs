namespace MLNetDeep.Legacy.Data;

/// <summary>Declares a <c>uint</c> member a key with <see cref="Count"/> categories (1..Count, 0 = missing).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class KeyTypeAttribute(ulong count) : Attribute
{
    /// <summary>The number of categories.</summary>
    public ulong Count { get; } = count;
}
