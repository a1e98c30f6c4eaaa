namespace MLNetDeep.Legacy.Data;

/// <summary>Excludes a POCO member from the schema.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class NoColumnAttribute : Attribute
{
}
