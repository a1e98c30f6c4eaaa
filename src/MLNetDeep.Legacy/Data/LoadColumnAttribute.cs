namespace MLNetDeep.Legacy.Data;

/// <summary>
/// Which column(s) of a delimited text file a POCO member is loaded from (0-based). A range or a list loads a vector.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class LoadColumnAttribute : Attribute
{
    /// <summary>Loads the single source column <paramref name="columnIndex"/>.</summary>
    public LoadColumnAttribute(int columnIndex)
    {
        Indices = [columnIndex];
    }

    /// <summary>Loads the source columns <paramref name="start"/>..<paramref name="end"/> inclusive as a vector.</summary>
    public LoadColumnAttribute(int start, int end)
    {
        if (end < start)
        {
            throw new ArgumentException($"LoadColumn range end {end} is before its start {start}.");
        }

        Indices = Enumerable.Range(start, end - start + 1).ToArray();
        IsRange = true;
    }

    /// <summary>Loads the listed source columns as a vector.</summary>
    public LoadColumnAttribute(int[] columnIndexes)
    {
        Indices = columnIndexes;
        IsRange = true;
    }

    /// <summary>The source column indices.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Whether the attribute names several columns (a vector).</summary>
    public bool IsRange { get; }
}
