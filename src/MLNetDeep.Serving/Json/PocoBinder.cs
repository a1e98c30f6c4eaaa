namespace MLNetDeep.Serving.Json;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The columns of an input class <typeparamref name="T"/> as ML.NET sees them (<see cref="SchemaDefinition"/>), and a
/// builder of <typeparamref name="T"/> instances from the column values a <see cref="JsonRowReader"/> reads: each member
/// takes the value of its column (text to <c>string</c>, arrays to <c>VBuffer</c> where the member is one); a null value
/// leaves the member as constructed.
/// </summary>
internal sealed class PocoBinder<T>
    where T : class
{
    private readonly Action<T, object>?[] _setters;
    private readonly Func<T> _create;

    public PocoBinder()
    {
        ConstructorInfo constructor = typeof(T).GetConstructor(Type.EmptyTypes)
            ?? throw new ArgumentException($"The input type {typeof(T).Name} needs a public parameterless constructor so that requests can be read into it.");
        _create = () => (T)constructor.Invoke(null);
        Definition = SchemaDefinition.Create(typeof(T), SchemaDefinition.Direction.Read);
        _setters = new Action<T, object>?[Definition.Count];
        for (int i = 0; i < Definition.Count; i++)
        {
            _setters[i] = Setter(Definition[i].MemberName);
        }
    }

    /// <summary>ML.NET's schema definition of <typeparamref name="T"/> (one column per readable member, in order).</summary>
    public SchemaDefinition Definition { get; }

    /// <summary>
    /// The schema a prediction engine reads from <typeparamref name="T"/>, vectors of unknown size taking their size from
    /// the same-named column of <paramref name="modelInputSchema"/>.
    /// </summary>
    public DataViewSchema Schema(DataViewSchema? modelInputSchema)
    {
        var builder = new DataViewSchema.Builder();
        foreach (SchemaDefinition.Column c in Definition)
        {
            builder.AddColumn(c.ColumnName, SizedType(c, modelInputSchema));
        }

        return builder.ToSchema();
    }

    /// <summary>The definition with vectors of unknown size sized from <paramref name="modelInputSchema"/> (what ML.NET's engine needs).</summary>
    public SchemaDefinition SizedDefinition(DataViewSchema? modelInputSchema)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(T), SchemaDefinition.Direction.Read);
        foreach (SchemaDefinition.Column c in definition)
        {
            c.ColumnType = SizedType(c, modelInputSchema);
        }

        return definition;
    }

    /// <summary>A new <typeparamref name="T"/> filled from <paramref name="values"/> (one slot per <see cref="Definition"/> column).</summary>
    public T Bind(object?[] values)
    {
        T target = _create();
        for (int i = 0; i < _setters.Length; i++)
        {
            if (values[i] is { } v && _setters[i] is { } set)
            {
                set(target, v);
            }
        }

        return target;
    }

    private static DataViewType SizedType(SchemaDefinition.Column c, DataViewSchema? modelInputSchema) =>
        c.ColumnType is VectorDataViewType { IsKnownSize: false } && modelInputSchema?.GetColumnOrNull(c.ColumnName)?.Type is VectorDataViewType { IsKnownSize: true } known
            ? known
            : c.ColumnType;

    private static Action<T, object>? Setter(string memberName)
    {
        MemberInfo? member = (MemberInfo?)typeof(T).GetField(memberName, BindingFlags.Public | BindingFlags.Instance)
            ?? typeof(T).GetProperty(memberName, BindingFlags.Public | BindingFlags.Instance);
        (Type Type, Action<object, object?>? Set) found = member switch
        {
            FieldInfo f when !f.IsInitOnly => (f.FieldType, f.SetValue),
            PropertyInfo p when p.CanWrite && p.SetMethod!.IsPublic => (p.PropertyType, p.SetValue),
            _ => (typeof(void), null),
        };
        (Type type, Action<object, object?>? set) = found;
        if (set is null)
        {
            return null;
        }

        Func<object, object> convert = Converter(type);
        return (target, value) => set(target, convert(value));
    }

    /// <summary>Converts a value from the reader's representation to a member of type <paramref name="type"/>.</summary>
    private static Func<object, object> Converter(Type type)
    {
        if (type == typeof(string))
        {
            return v => v is ReadOnlyMemory<char> text ? text.ToString() : v;
        }

        if (type == typeof(string[]))
        {
            return v => v is ReadOnlyMemory<char>[] texts ? texts.Select(t => t.ToString()).ToArray() : v;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            MethodInfo wrap = typeof(PocoBinder<T>).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type.GetGenericArguments()[0]);
            return v => wrap.Invoke(null, [v])!;
        }

        return v => v;
    }

    private static object Wrap<TItem>(object value) => value is TItem[] items ? new VBuffer<TItem>(items.Length, items) : value;
}
