namespace MLNetDeep.Legacy.Data;

/// <summary>A lazy view over an <see cref="IEnumerable{T}"/> of POCOs; each cursor enumerates the sequence again.</summary>
internal sealed class EnumerableDataView<T> : IDataView
    where T : class
{
    private readonly IEnumerable<T> _rows;
    private readonly PocoMember[] _members;

    public EnumerableDataView(IEnumerable<T> rows)
    {
        _rows = rows;
        _members = PocoSchema.For(typeof(T)).Members.Where(m => m.CanRead).ToArray();
        Schema = PocoSchema.For(typeof(T)).ToSchema();
    }

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows is ICollection<T> c ? c.Count : _rows is IReadOnlyCollection<T> r ? r.Count : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded) => new Cursor(this, columnsNeeded);

    /// <summary>A getter of member <paramref name="m"/> of whatever <paramref name="current"/> returns.</summary>
    internal static Delegate MemberGetter(PocoMember m, Func<T?> current, Func<long> position)
    {
        string column = m.ColumnName;
        switch (m.Getter)
        {
            case Func<T, float[]> g:
                int size = m.Type is VectorDataViewType { Size: > 0 } v ? v.Size : 0;
                return new ValueGetter<float[]>((ref float[] value) =>
                {
                    float[]? src = g(Row(current, position));
                    int n = src?.Length ?? 0;
                    if (size > 0 && n != size)
                    {
                        throw new InvalidDataException($"Row {position()}: column '{column}' holds {n} values; its type is a vector of {size}.");
                    }

                    if (value is null || value.Length != n)
                    {
                        value = new float[n];
                    }

                    src?.CopyTo(value, 0);
                });
            case Func<T, string> g:
                return new ValueGetter<string>((ref string value) => value = g(Row(current, position)) ?? string.Empty);
            default:
                return (Delegate)typeof(EnumerableDataView<T>).GetMethod(nameof(Plain), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(m.MemberType).Invoke(null, [m.Getter, current, position])!;
        }
    }

    private static ValueGetter<TValue> Plain<TValue>(Func<T, TValue> g, Func<T?> current, Func<long> position) =>
        (ref TValue value) => value = g(Row(current, position));

    private static T Row(Func<T?> current, Func<long> position) =>
        current() ?? throw new InvalidDataException($"Row {position()} is null.");

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EnumerableDataView<T> _view;
        private readonly IEnumerator<T> _enumerator;
        private readonly bool[] _active;
        private long _position = -1;

        public Cursor(EnumerableDataView<T> view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _enumerator = view._rows.GetEnumerator();
            _active = new bool[view.Schema.Count];
            foreach (DataViewSchema.Column c in columnsNeeded)
            {
                _active[c.Index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_enumerator.MoveNext())
            {
                _position++;
                return true;
            }

            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return (ValueGetter<TValue>)MemberGetter(_view._members[column.Index], () => _enumerator.Current, () => _position);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _enumerator.Dispose();
            }
        }
    }
}
