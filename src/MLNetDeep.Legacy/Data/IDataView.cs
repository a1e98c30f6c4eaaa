namespace MLNetDeep.Legacy.Data;

/// <summary>
/// Tabular data with a schema (ML.NET's <c>IDataView</c>): immutable and repeatable — every cursor sees the same rows
/// in the same order — and lazy: transforms compute as rows are read, and only the columns asked for.
/// </summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>The number of rows when known without reading them, else null.</summary>
    long? GetRowCount();

    /// <summary>A cursor over all rows in which only <paramref name="columnsNeeded"/> (and what they depend on) are active.</summary>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded);
}
