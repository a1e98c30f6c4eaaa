namespace MLNetDeep.Legacy.Data;

/// <summary>The <see cref="RowBlockCache"/> of a column whose raw type is <typeparamref name="T"/>.</summary>
internal sealed class RowBlockCache<T> : RowBlockCache
{
    private static readonly Type? ElementType = typeof(T).IsArray ? typeof(T).GetElementType() : null;

    private readonly ValueGetter<T> _get;
    private readonly T[] _slots;
    private T _scratch = default!;

    public RowBlockCache(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        _get = input.GetGetter<T>(column);
        _slots = new T[capacity];
    }

    public override void Read(int slot)
    {
        _get(ref _scratch);
        Copy(_scratch, ref _slots[slot]);
    }

    public override Delegate CreateGetter(Func<int> slot) => new ValueGetter<T>((ref T value) => Copy(_slots[slot()], ref value));

    /// <summary>destination = source; arrays are copied element by element into <paramref name="destination"/>'s own array (reallocated when the length differs).</summary>
    private static void Copy(T source, ref T destination)
    {
        if (ElementType is null || source is null)
        {
            destination = source;
            return;
        }

        var from = (Array)(object)source;
        if (destination is not Array to || to.Length != from.Length || ReferenceEquals(to, from))
        {
            to = Array.CreateInstance(ElementType, from.Length);
            destination = (T)(object)to;
        }

        Array.Copy(from, to, from.Length);
    }
}
