namespace MLNetDeep.Legacy.Data;

/// <summary>Copies a row's columns into the writable members of a POCO of type <typeparamref name="T"/> that match them by name.</summary>
internal sealed class PocoWriter<T>
    where T : class
{
    private readonly Action<T>[] _copy;

    /// <param name="row">The row to read (every matched column must be active).</param>
    /// <param name="ignoreMissingColumns">When false, a member with no column of its name is an error.</param>
    /// <param name="reuseVectors">When true, vector members' existing arrays are refilled instead of replaced.</param>
    public PocoWriter(DataViewRow row, bool ignoreMissingColumns, bool reuseVectors)
    {
        var actions = new List<Action<T>>();
        foreach (PocoMember m in PocoSchema.For(typeof(T)).Members.Where(m => m.CanWrite))
        {
            DataViewSchema.Column? col = row.Schema.GetColumnOrNull(m.ColumnName);
            if (col is null)
            {
                if (ignoreMissingColumns)
                {
                    continue;
                }

                throw new InvalidOperationException($"{typeof(T).Name}.{m.Member.Name} reads column '{m.ColumnName}', which the data does not have. Columns: {string.Join(", ", row.Schema.VisibleNames)}.");
            }

            if (col.Type.RawType != m.MemberType)
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{m.Member.Name} is {m.MemberType.Name} but column '{col.Name}' is {col.Type} (read as {col.Type.RawType.Name}).");
            }

            actions.Add((Action<T>)typeof(PocoWriter<T>).GetMethod(nameof(Copy), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(m.MemberType).Invoke(null, [row, col, m, reuseVectors])!);
        }

        _copy = actions.ToArray();
    }

    /// <summary>The columns the writer reads, by name.</summary>
    public static IEnumerable<DataViewSchema.Column> ColumnsRead(DataViewSchema schema) =>
        PocoSchema.For(typeof(T)).Members.Where(m => m.CanWrite).Select(m => schema.GetColumnOrNull(m.ColumnName)).OfType<DataViewSchema.Column>();

    public void Fill(T target)
    {
        foreach (Action<T> a in _copy)
        {
            a(target);
        }
    }

    private static Action<T> Copy<TValue>(DataViewRow row, DataViewSchema.Column column, PocoMember member, bool reuse)
    {
        ValueGetter<TValue> get = row.GetGetter<TValue>(column);
        var set = (Action<T, TValue>)member.Setter!;
        var read = (Func<T, TValue>?)member.Getter;
        if (typeof(TValue) == typeof(float[]) && reuse && read is not null)
        {
            return target =>
            {
                TValue v = read(target);
                get(ref v);
                set(target, v);
            };
        }

        return target =>
        {
            TValue v = default!;
            get(ref v);
            set(target, v);
        };
    }
}
