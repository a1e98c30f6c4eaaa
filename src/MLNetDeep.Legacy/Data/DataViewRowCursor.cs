namespace MLNetDeep.Legacy.Data;

/// <summary>A forward-only pass over a data view's rows (ML.NET's <c>DataViewRowCursor</c>).</summary>
public abstract class DataViewRowCursor : DataViewRow
{
    /// <summary>Advances to the next row; false at the end.</summary>
    public abstract bool MoveNext();
}
