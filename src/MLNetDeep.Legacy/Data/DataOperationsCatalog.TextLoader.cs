namespace MLNetDeep.Legacy.Data;

/// <summary>Delimited text loading (<c>LoadFromTextFile</c>), as ML.NET's <c>TextLoader</c>.</summary>
public sealed partial class DataOperationsCatalog
{
    /// <summary>
    /// A lazy view over a delimited text file whose columns come from <typeparamref name="TInput"/>'s members: each
    /// needs <c>[LoadColumn(index)]</c>, or <c>[LoadColumn(start, end)]</c> / <c>[LoadColumn(int[])]</c> for a vector
    /// (<c>float[]</c>, optionally with <c>[VectorType(size)]</c>, which must match); <c>[ColumnName]</c> renames the column.
    /// Every cursor reads the file again; the row count is unknown until it has been read.
    /// </summary>
    /// <remarks>
    /// Missing values (an empty field, <c>?</c>, <c>NaN</c>, <c>NA</c>) are NaN in Single and Double columns and vector
    /// slots and an error in Int32, Int64 and Boolean columns; Booleans are true/false/1/0 (case-insensitive); numbers use
    /// the invariant culture. Blank lines are skipped; extra fields are ignored. Bad rows raise
    /// <see cref="InvalidDataException"/> naming the file, the 1-based line, the source column (with its header name) and the value.
    /// </remarks>
    /// <param name="path">The file to read.</param>
    /// <param name="separatorChar">The field separator. Default <c>'\t'</c> (ML.NET's default).</param>
    /// <param name="hasHeader">Whether the first non-blank line holds column names (skipped, used in messages). Default false.</param>
    /// <param name="allowQuoting">Whether fields may be quoted RFC 4180 style (separators and line breaks inside quotes, <c>""</c> for a quote). Default false.</param>
    /// <param name="trimWhitespace">Whether spaces and tabs around fields are removed. Default false.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidOperationException">A member has no <c>[LoadColumn]</c>; the message names all such members.</exception>
    public IDataView LoadFromTextFile<TInput>(string path, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PocoSchema poco = PocoSchema.For(typeof(TInput));
        string[] unmapped = poco.Members.Where(m => m.Load is null).Select(m => m.Member.Name).ToArray();
        if (unmapped.Length > 0)
        {
            throw new InvalidOperationException(
                $"{typeof(TInput).Name} cannot be loaded from a text file: {string.Join(", ", unmapped)} {(unmapped.Length == 1 ? "has" : "have")} no [LoadColumn] attribute " +
                "(mark each member [LoadColumn(index)] or [LoadColumn(start, end)], or [NoColumn] to skip it).");
        }

        var columns = poco.Members.Select(m =>
        {
            try
            {
                return TextLoaderDataView.Bind(m.ColumnName, m.Type, m.Load!.Indices.ToArray());
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{typeof(TInput).Name}.{m.Member.Name}: {e.Message}", e);
            }
        }).ToArray();
        return new TextLoaderDataView(path, columns, separatorChar, hasHeader, allowQuoting, trimWhitespace);
    }

    /// <summary>
    /// A lazy view over a delimited text file with the given columns — the schema-less form (ML.NET's
    /// <c>LoadFromTextFile(path, columns, separatorChar, hasHeader, ...)</c>). Parsing rules are those of
    /// <see cref="LoadFromTextFile{TInput}(string, char, bool, bool, bool)"/>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="columns">The columns to load, in the order of the view's schema.</param>
    /// <param name="separatorChar">The field separator. Default <c>'\t'</c> (ML.NET's default).</param>
    /// <param name="hasHeader">Whether the first non-blank line holds column names (skipped, used in messages). Default false.</param>
    /// <param name="allowQuoting">Whether fields may be quoted RFC 4180 style. Default false.</param>
    /// <param name="trimWhitespace">Whether spaces and tabs around fields are removed. Default false.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">A column has no name, a bad range, a duplicate name or a type the loader cannot read.</exception>
    public IDataView LoadFromTextFile(string path, TextLoaderColumn[] columns, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        return new TextLoaderDataView(path, columns, separatorChar, hasHeader, allowQuoting, trimWhitespace);
    }
}
