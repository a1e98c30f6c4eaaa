namespace MLNetDeep.Legacy.Data;

/// <summary>A row whose column values are read through typed getters (ML.NET's <c>DataViewRow</c>).</summary>
public abstract class DataViewRow : IDisposable
{
    /// <summary>The columns this row has.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>The row's position, from 0 (-1 before the first <c>MoveNext</c> of a cursor).</summary>
    public abstract long Position { get; }

    /// <summary>Whether the column's getter may be asked for (cursors activate only the columns requested).</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>A getter for an active column. <typeparamref name="TValue"/> must be the column type's raw type.</summary>
    /// <exception cref="InvalidOperationException">The column is inactive, or the type does not match; the message names both.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Releases resources (open files).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Throws unless <typeparamref name="TValue"/> is the column's raw type and the column is active.</summary>
    protected void CheckGetter<TValue>(DataViewSchema.Column column)
    {
        if (typeof(TValue) != column.Type.RawType)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is {column.Type} (read as {column.Type.RawType.Name}); a getter of {typeof(TValue).Name} was asked for.");
        }

        if (!IsColumnActive(column))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
        }
    }
}
