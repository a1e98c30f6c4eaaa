namespace MLNetDeep.Legacy.Data;

/// <summary>The data view column name of a POCO member (default: the member's name).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ColumnNameAttribute(string name) : Attribute
{
    /// <summary>The column name.</summary>
    public string Name { get; } = name;
}
