namespace MLNetDeep.Legacy.Data;

using System.Collections.Concurrent;
using System.Reflection;

/// <summary>The columns a POCO type maps to: its public fields and properties not marked [NoColumn], in declaration order.</summary>
internal sealed class PocoSchema
{
    private static readonly ConcurrentDictionary<Type, PocoSchema> Cache = new();

    private PocoSchema(Type type)
    {
        Type = type;
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        Members = type.GetFields(flags).Cast<MemberInfo>()
            .Concat(type.GetProperties(flags).Where(p => p.GetIndexParameters().Length == 0))
            .Where(m => m.GetCustomAttribute<NoColumnAttribute>() is null)
            .OrderBy(m => m.MetadataToken)
            .Select(m => new PocoMember(m, type))
            .ToArray();
        var duplicate = Members.GroupBy(m => m.ColumnName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{type.Name} maps two members to column '{duplicate.Key}': {string.Join(", ", duplicate.Select(m => m.Member.Name))}.");
        }
    }

    public Type Type { get; }

    public IReadOnlyList<PocoMember> Members { get; }

    public static PocoSchema For(Type type) => Cache.GetOrAdd(type, t => new PocoSchema(t));

    /// <summary>The data view schema of the readable members.</summary>
    public DataViewSchema ToSchema() =>
        DataViewSchema.Create(Members.Where(m => m.CanRead).Select(m => new DataViewSchema.DetachedColumn(m.ColumnName, m.Type)));
}
