namespace MLNetDeep.Legacy.Data;

/// <summary>
/// One column of a delimited text file to load, for the explicit-columns form of
/// <see cref="DataOperationsCatalog.LoadFromTextFile(string, TextLoaderColumn[], char, bool, bool, bool)"/>
/// (ML.NET's <c>TextLoader.Column</c>, without its sub-range syntax).
/// </summary>
/// <param name="Name">The column's name in the loaded view.</param>
/// <param name="Type">
/// The column's type: <see cref="NumberDataViewType"/> (Single, Double, Int32, Int64), <see cref="BooleanDataViewType"/>,
/// <see cref="TextDataViewType"/>, <see cref="KeyDataViewType"/> (the field is the key's number, 0 = missing), or a
/// <see cref="VectorDataViewType"/> of Single over the range <paramref name="Start"/>..<paramref name="End"/>
/// (a size of 0 takes the range's length; any other size must equal it).
/// </param>
/// <param name="Start">The first source field, 0-based.</param>
/// <param name="End">The last source field, inclusive; equal to <paramref name="Start"/> for a scalar column.</param>
public sealed record TextLoaderColumn(string Name, DataViewType Type, int Start, int End)
{
    /// <summary>A column loaded from the single source field <paramref name="index"/> (0-based).</summary>
    /// <param name="name">The column's name in the loaded view.</param>
    /// <param name="type">The column's type (a scalar type, or a vector of size 0 or 1).</param>
    /// <param name="index">The source field, 0-based.</param>
    public TextLoaderColumn(string name, DataViewType type, int index)
        : this(name, type, index, index)
    {
    }

    /// <summary>A Single column loaded from field <paramref name="index"/> (the common case for numeric files).</summary>
    /// <param name="name">The column's name in the loaded view.</param>
    /// <param name="index">The source field, 0-based.</param>
    public static TextLoaderColumn Single(string name, int index) => new(name, NumberDataViewType.Single, index);

    /// <summary>A Text column loaded from field <paramref name="index"/>.</summary>
    /// <param name="name">The column's name in the loaded view.</param>
    /// <param name="index">The source field, 0-based.</param>
    public static TextLoaderColumn Text(string name, int index) => new(name, TextDataViewType.Instance, index);

    /// <summary>A known-size vector of Single loaded from fields <paramref name="start"/>..<paramref name="end"/> inclusive.</summary>
    /// <param name="name">The column's name in the loaded view.</param>
    /// <param name="start">The first source field, 0-based.</param>
    /// <param name="end">The last source field, inclusive.</param>
    public static TextLoaderColumn Vector(string name, int start, int end) => new(name, new VectorDataViewType(0), start, end);
}
