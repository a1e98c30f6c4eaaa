namespace MLNetDeep.Legacy.Data;

using System.Linq.Expressions;
using System.Reflection;

/// <summary>One public field or property of a POCO mapped to a column, with compiled accessors.</summary>
internal sealed class PocoMember
{
    public PocoMember(MemberInfo member, Type owner)
    {
        Member = member;
        MemberType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        ColumnName = member.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? member.Name;
        Load = member.GetCustomAttribute<LoadColumnAttribute>();
        Type = ColumnTypeOf(member, MemberType, owner);
        CanRead = member is FieldInfo || ((PropertyInfo)member).GetMethod is { IsPublic: true };
        CanWrite = member is FieldInfo { IsInitOnly: false } || ((PropertyInfo)member).SetMethod is { IsPublic: true };

        var obj = Expression.Parameter(owner, "o");
        if (CanRead)
        {
            Getter = Expression.Lambda(typeof(Func<,>).MakeGenericType(owner, MemberType), Expression.MakeMemberAccess(obj, member), obj).Compile();
        }

        if (CanWrite)
        {
            var value = Expression.Parameter(MemberType, "v");
            Setter = Expression.Lambda(typeof(Action<,>).MakeGenericType(owner, MemberType),
                Expression.Assign(Expression.MakeMemberAccess(obj, member), value), obj, value).Compile();
        }
    }

    public MemberInfo Member { get; }

    public Type MemberType { get; }

    public string ColumnName { get; }

    public LoadColumnAttribute? Load { get; }

    public DataViewType Type { get; }

    public bool CanRead { get; }

    public bool CanWrite { get; }

    /// <summary>A <c>Func&lt;TOwner, TMember&gt;</c>, or null.</summary>
    public Delegate? Getter { get; }

    /// <summary>An <c>Action&lt;TOwner, TMember&gt;</c>, or null.</summary>
    public Delegate? Setter { get; }

    private static DataViewType ColumnTypeOf(MemberInfo member, Type type, Type owner)
    {
        if (type == typeof(float))
        {
            return NumberDataViewType.Single;
        }

        if (type == typeof(double))
        {
            return NumberDataViewType.Double;
        }

        if (type == typeof(int))
        {
            return NumberDataViewType.Int32;
        }

        if (type == typeof(long))
        {
            return NumberDataViewType.Int64;
        }

        if (type == typeof(bool))
        {
            return BooleanDataViewType.Instance;
        }

        if (type == typeof(string))
        {
            return TextDataViewType.Instance;
        }

        if (type == typeof(float[]))
        {
            int size = member.GetCustomAttribute<VectorTypeAttribute>()?.Size
                ?? (member.GetCustomAttribute<LoadColumnAttribute>() is { IsRange: true } lc ? lc.Indices.Count : 0);
            return new VectorDataViewType(size);
        }

        if (type == typeof(uint))
        {
            ulong count = member.GetCustomAttribute<KeyTypeAttribute>()?.Count
                ?? throw new InvalidOperationException($"{owner.Name}.{member.Name} is a uint; mark it [KeyType(count)] to make it a key column.");
            return new KeyDataViewType(checked((int)count));
        }

        throw new InvalidOperationException(
            $"{owner.Name}.{member.Name} has type {type.Name}, which no column type maps to. Use float, double, int, long, bool, string, float[] (a vector) or uint with [KeyType] (a key), or mark it [NoColumn].");
    }
}
