namespace MLNetDeep.Legacy.Data;

/// <summary>
/// Guesses the columns of a delimited text file for schema-less use (the command-line tool): one column per header
/// field, named by the header, typed Single when every sampled value is a number or a missing-value marker and Text
/// otherwise. A simplified form of ML.NET AutoML's <c>InferColumns</c>.
/// </summary>
internal static class TextFileSchemaInference
{
    /// <summary>The default number of data rows sampled.</summary>
    public const int DefaultSampleRows = 1000;

    /// <summary>
    /// One <see cref="TextLoaderColumn"/> per source field: the header's names (an empty name becomes <c>col{i}</c>; a
    /// repeated name gets <c>_{i}</c> appended), or <c>col0</c>, <c>col1</c>, ... without a header. The number of
    /// columns is the header's field count, or the widest sampled row without a header.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="separatorChar">The separator. Default <c>','</c> (the common case for files handed to the CLI).</param>
    /// <param name="hasHeader">Whether the first non-blank line is a header. Default true.</param>
    /// <param name="allowQuoting">Whether RFC 4180 quoting is honoured. Default true.</param>
    /// <param name="trimWhitespace">Whether spaces and tabs around fields are removed. Default false.</param>
    /// <param name="sampleRows">How many data rows to inspect. Default <see cref="DefaultSampleRows"/>.</param>
    public static TextLoaderColumn[] InferColumns(string path, char separatorChar = ',', bool hasHeader = true, bool allowQuoting = true, bool trimWhitespace = false, int sampleRows = DefaultSampleRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRows, 1);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The text file '{path}' does not exist (full path: {Path.GetFullPath(path)}).", path);
        }

        using var reader = new DelimitedRecordReader(new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path, separatorChar, allowQuoting, trimWhitespace);
        string[]? header = null;
        if (hasHeader)
        {
            if (!reader.ReadRecord())
            {
                throw new InvalidDataException($"{path}: the file is empty; a header row was expected.");
            }

            header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToArray();
        }

        var numeric = new List<bool>();
        for (int row = 0; row < sampleRows && reader.ReadRecord(); row++)
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (i == numeric.Count)
                {
                    numeric.Add(true);
                }

                numeric[i] &= TextValueParser.TryParseSingle(reader.Field(i), out _);
            }
        }

        int count = header?.Length ?? numeric.Count;
        var names = new string[count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = header is not null && header[i].Length > 0 ? header[i] : $"col{i}";
            names[i] = used.Add(name) ? name : $"{name}_{i}";
            used.Add(names[i]);
        }

        return Enumerable.Range(0, count)
            .Select(i => new TextLoaderColumn(names[i], i >= numeric.Count || numeric[i] ? NumberDataViewType.Single : TextDataViewType.Instance, i))
            .ToArray();
    }

    /// <summary>Loads every column of the file by its header name with inferred types (see <see cref="InferColumns"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The file.</param>
    /// <param name="separatorChar">The separator. Default <c>','</c>.</param>
    /// <param name="hasHeader">Whether the first non-blank line is a header. Default true.</param>
    /// <param name="allowQuoting">Whether RFC 4180 quoting is honoured. Default true.</param>
    /// <param name="trimWhitespace">Whether spaces and tabs around fields are removed. Default false.</param>
    public static IDataView LoadAllColumns(DataOperationsCatalog catalog, string path, char separatorChar = ',', bool hasHeader = true, bool allowQuoting = true, bool trimWhitespace = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        TextLoaderColumn[] columns = InferColumns(path, separatorChar, hasHeader, allowQuoting, trimWhitespace);
        return catalog.LoadFromTextFile(path, columns, separatorChar, hasHeader, allowQuoting, trimWhitespace);
    }
}
