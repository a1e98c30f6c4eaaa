namespace MLNetDeep.Legacy.Data;

/// <summary>Loading, splitting and converting data (<c>context.Data</c>), as ML.NET's <c>DataOperationsCatalog</c>.</summary>
public sealed partial class DataOperationsCatalog
{
    internal DataOperationsCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }

    /// <summary>
    /// A lazy view over <paramref name="data"/>; every cursor enumerates it again. Columns come from <typeparamref name="TRow"/>'s
    /// public fields and properties (<c>[ColumnName]</c>, <c>[VectorType]</c>, <c>[KeyType]</c>, <c>[NoColumn]</c>).
    /// </summary>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data);
    }

    /// <summary>
    /// The rows of <paramref name="data"/> as <typeparamref name="TRow"/> objects, matching members to columns by name.
    /// </summary>
    /// <param name="data">The view to read.</param>
    /// <param name="reuseRowObject">When true, one object is refilled for every row (faster; do not keep references). Default false.</param>
    /// <param name="ignoreMissingColumns">When true, members without a matching column are left alone; otherwise they are an error. Default false.</param>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject, bool ignoreMissingColumns = false)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var columns = PocoWriter<TRow>.ColumnsRead(data.Schema).ToList();
        // Check the mapping now, before enumeration starts.
        using (DataViewRowCursor probe = data.GetRowCursor(columns))
        {
            _ = new PocoWriter<TRow>(probe, ignoreMissingColumns, reuseRowObject);
        }

        return Enumerate();

        IEnumerable<TRow> Enumerate()
        {
            using DataViewRowCursor cursor = data.GetRowCursor(columns);
            var writer = new PocoWriter<TRow>(cursor, ignoreMissingColumns, reuseRowObject);
            TRow? shared = reuseRowObject ? new TRow() : null;
            while (cursor.MoveNext())
            {
                TRow row = shared ?? new TRow();
                writer.Fill(row);
                yield return row;
            }
        }
    }
}
