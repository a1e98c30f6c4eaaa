namespace MLNetDeep.Legacy.Data;

/// <summary>
/// A streaming parser of delimited text: reads one record (row) at a time into a reused character buffer, with the
/// fields as (offset, length) slices of it, so numeric fields are parsed from spans without allocating strings.
/// </summary>
/// <remarks>
/// <para>Quoting follows RFC 4180 when <c>allowQuoting</c> is on: a field that starts with <c>"</c> runs to the matching
/// closing quote, may contain the separator and line breaks, and writes a quote as <c>""</c>. After the closing quote
/// only whitespace (when trimming) and then a separator or the end of the line may follow. A quote inside an unquoted
/// field is an ordinary character. With quoting off every quote is an ordinary character.</para>
/// <para>Trimming removes spaces and tabs (other than the separator) around each field, and around a quoted field's
/// quotes, but never inside the quotes. A blank line — empty, or only whitespace and no separator — is skipped.
/// Line breaks are <c>\n</c>, <c>\r\n</c> or <c>\r</c>; line numbers are 1-based and count every line of the file.</para>
/// </remarks>
internal sealed class DelimitedRecordReader : IDisposable
{
    private const int Eof = -1;

    private readonly TextReader _reader;
    private readonly string _path;
    private readonly char _separator;
    private readonly bool _allowQuoting;
    private readonly bool _trim;
    private readonly char[] _input = new char[1 << 16];
    private int _inputPos;
    private int _inputLen;
    private bool _previousWasCr;
    private int _line = 1;

    private char[] _record = new char[256];
    private int _recordLen;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];

    public DelimitedRecordReader(TextReader reader, string path, char separator, bool allowQuoting, bool trimWhitespace)
    {
        if (allowQuoting && separator == '"')
        {
            throw new ArgumentException("The separator cannot be '\"' when quoting is allowed.", nameof(separator));
        }

        if (separator is '\r' or '\n')
        {
            throw new ArgumentException("The separator cannot be a line break.", nameof(separator));
        }

        _reader = reader;
        _path = path;
        _separator = separator;
        _allowQuoting = allowQuoting;
        _trim = trimWhitespace;
    }

    /// <summary>The header's field names, when there is a header; used to name columns in messages.</summary>
    public string[]? HeaderNames { get; set; }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, unquoted and (if asked) trimmed.</summary>
    public ReadOnlySpan<char> Field(int index) => _record.AsSpan(_starts[index], _lengths[index]);

    /// <summary>The current record's fields joined by the separator (unquoted), cut to <paramref name="max"/> characters, for messages.</summary>
    public string Describe(int max = 80)
    {
        var parts = new string[FieldCount];
        for (int i = 0; i < FieldCount; i++)
        {
            parts[i] = Field(i).ToString();
        }

        return Shorten(string.Join(_separator, parts), max);
    }

    /// <summary>How messages name source column <paramref name="index"/>: <c>column 3 ('Age')</c>, or <c>column 3</c> without a header.</summary>
    public string ColumnLabel(int index) =>
        HeaderNames is { } h && index < h.Length ? $"column {index} ('{h[index]}')" : $"column {index}";

    /// <summary>Cuts <paramref name="s"/> to <paramref name="max"/> characters, marking the cut.</summary>
    public static string Shorten(string s, int max = 80) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max), "...");

    /// <summary>Reads the next non-blank record; false at the end of the file.</summary>
    /// <exception cref="InvalidDataException">A quoted field is not terminated, or is followed by other text.</exception>
    public bool ReadRecord()
    {
        while (true)
        {
            if (Peek() == Eof)
            {
                return false;
            }

            LineNumber = _line;
            _recordLen = 0;
            FieldCount = 0;
            bool anyQuoted = false;
            bool endOfRecord = false;
            while (!endOfRecord)
            {
                int start = _recordLen;
                if (_trim)
                {
                    SkipBlanks();
                }

                int c = Peek();
                if (_allowQuoting && c == '"')
                {
                    anyQuoted = true;
                    Next();
                    ReadQuoted(start);
                    if (_trim)
                    {
                        SkipBlanks();
                    }

                    c = Peek();
                    if (c != _separator && c != '\n' && c != '\r' && c != Eof)
                    {
                        throw new InvalidDataException(
                            $"{_path}, line {LineNumber}, {ColumnLabel(FieldCount)}: malformed quoted field \"{Shorten(new string(_record, start, _recordLen - start))}\" — " +
                            $"it is followed by '{(char)c}' instead of the separator or the end of the line (write a quote inside a quoted field as \"\").");
                    }
                }
                else
                {
                    while ((c = Peek()) != Eof && c != _separator && c != '\n' && c != '\r')
                    {
                        Append((char)Next());
                    }

                    if (_trim)
                    {
                        while (_recordLen > start && IsBlank(_record[_recordLen - 1]))
                        {
                            _recordLen--;
                        }
                    }
                }

                AddField(start, _recordLen - start);
                c = Next();
                if (c != _separator)
                {
                    // A line break (\r\n counts once) or the end of the file.
                    if (c == '\r' && Peek() == '\n')
                    {
                        Next();
                    }

                    endOfRecord = true;
                }
            }

            if (FieldCount == 1 && !anyQuoted && Field(0).IsWhiteSpace())
            {
                continue; // a blank line
            }

            return true;
        }
    }

    public void Dispose() => _reader.Dispose();

    private void ReadQuoted(int start)
    {
        while (true)
        {
            int c = Next();
            if (c == Eof)
            {
                throw new InvalidDataException(
                    $"{_path}, line {LineNumber}, {ColumnLabel(FieldCount)}: malformed row — the quoted field starting \"{Shorten(new string(_record, start, _recordLen - start), 40)}\" " +
                    $"has no closing quote before the end of the file.");
            }

            if (c == '"')
            {
                if (Peek() != '"')
                {
                    return;
                }

                Next();
            }

            Append((char)c);
        }
    }

    private void SkipBlanks()
    {
        int c;
        while ((c = Peek()) != Eof && c != _separator && IsBlank((char)c))
        {
            Next();
        }
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private void AddField(int start, int length)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }

        _starts[FieldCount] = start;
        _lengths[FieldCount] = length;
        FieldCount++;
    }

    private void Append(char c)
    {
        if (_recordLen == _record.Length)
        {
            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[_recordLen++] = c;
    }

    private int Peek()
    {
        if (_inputPos == _inputLen && !Fill())
        {
            return Eof;
        }

        return _input[_inputPos];
    }

    private int Next()
    {
        if (_inputPos == _inputLen && !Fill())
        {
            return Eof;
        }

        char c = _input[_inputPos++];
        if (c == '\n')
        {
            if (!_previousWasCr)
            {
                _line++;
            }
        }
        else if (c == '\r')
        {
            _line++;
        }

        _previousWasCr = c == '\r';
        return c;
    }

    private bool Fill()
    {
        _inputLen = _reader.Read(_input, 0, _input.Length);
        _inputPos = 0;
        return _inputLen > 0;
    }
}
