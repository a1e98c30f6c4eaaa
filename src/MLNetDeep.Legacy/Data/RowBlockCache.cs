namespace MLNetDeep.Legacy.Data;

/// <summary>
/// One input column's values for a block of rows read ahead by a block cursor: <see cref="Read"/> stores the current
/// input row's value in a slot, the getter serves a slot's value. Vector (array) values are copied into arrays the
/// cache owns, and copied again into the caller's array when served, so nobody shares a buffer with the input.
/// </summary>
internal abstract class RowBlockCache
{
    /// <summary>Stores the input's current value of the column in <paramref name="slot"/>.</summary>
    public abstract void Read(int slot);

    /// <summary>A <c>ValueGetter&lt;T&gt;</c> of the column's raw type that serves the slot <paramref name="slot"/> returns.</summary>
    public abstract Delegate CreateGetter(Func<int> slot);

    /// <summary>A cache of <paramref name="column"/> of <paramref name="input"/> with <paramref name="capacity"/> slots.</summary>
    public static RowBlockCache Create(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        Type type = typeof(RowBlockCache<>).MakeGenericType(column.Type.RawType);
        return (RowBlockCache)Activator.CreateInstance(type, input, column, capacity)!;
    }
}
