namespace MLNetDeep.Cli.Output;

/// <summary>Writes delimited records, quoting fields RFC 4180 style when they hold the separator, a quote or a line break.</summary>
internal sealed class CsvWriter
{
    private readonly TextWriter _writer;
    private readonly char _separator;

    /// <summary>A writer of records to <paramref name="writer"/>.</summary>
    public CsvWriter(TextWriter writer, char separator)
    {
        _writer = writer;
        _separator = separator;
    }

    /// <summary>Writes one record and a line feed.</summary>
    public void WriteRecord(IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                _writer.Write(_separator);
            }

            string f = fields[i];
            if (f.IndexOfAny([_separator, '"', '\n', '\r']) >= 0 || (f.Length > 0 && (char.IsWhiteSpace(f[0]) || char.IsWhiteSpace(f[^1]))))
            {
                _writer.Write('"');
                _writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(f);
            }
        }

        _writer.Write('\n');
    }
}
