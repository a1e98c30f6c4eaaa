namespace MLNetDeep.Serving.Json;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Builds a <typeparamref name="T"/> from column values read by a <see cref="JsonRowReader"/> over
/// <c>T</c>'s own schema: each writable member takes the value of its column; a null value leaves the member as constructed.
/// </summary>
internal sealed class PocoBinder<T>
    where T : class, new()
{
    private readonly Action<T, object>?[] _setters;

    public PocoBinder()
    {
        Schema = PocoSchema.For(typeof(T)).ToSchema();
        _setters = new Action<T, object>?[Schema.Count];
        foreach (PocoMember m in PocoSchema.For(typeof(T)).Members.Where(m => m.CanWrite))
        {
            DataViewSchema.Column? c = Schema.GetColumnOrNull(m.ColumnName);
            if (c is not null)
            {
                _setters[c.Index] = (Action<T, object>)typeof(PocoBinder<T>).GetMethod(nameof(Box), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(m.MemberType).Invoke(null, [m.Setter!])!;
            }
        }
    }

    /// <summary>The schema of <typeparamref name="T"/>'s readable members (what a prediction engine reads).</summary>
    public DataViewSchema Schema { get; }

    /// <summary>A new <typeparamref name="T"/> filled from <paramref name="values"/> (one slot per <see cref="Schema"/> column).</summary>
    public T Bind(object?[] values)
    {
        var target = new T();
        for (int i = 0; i < _setters.Length; i++)
        {
            if (values[i] is { } v && _setters[i] is { } set)
            {
                set(target, v);
            }
        }

        return target;
    }

    private static Action<T, object> Box<TValue>(Delegate setter)
    {
        var typed = (Action<T, TValue>)setter;
        return (t, v) => typed(t, (TValue)v);
    }
}
