namespace MLNetDeep.Legacy.Data;

/// <summary>A one-row view of a POCO that can be replaced: the source row of a prediction engine.</summary>
internal sealed class PocoRow<T> : DataViewRow
    where T : class
{
    private readonly Delegate[] _getters;
    private T? _current;
    private long _position = -1;

    public PocoRow()
    {
        Schema = PocoSchema.For(typeof(T)).ToSchema();
        PocoMember[] members = PocoSchema.For(typeof(T)).Members.Where(m => m.CanRead).ToArray();
        _getters = members.Select(m => EnumerableDataView<T>.MemberGetter(m, () => _current, () => _position)).ToArray();
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    /// <summary>Makes <paramref name="value"/> the current row (a new position, so cached scores are recomputed).</summary>
    public void Set(T value)
    {
        _current = value;
        _position++;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckGetter<TValue>(column);
        return (ValueGetter<TValue>)_getters[column.Index];
    }
}
