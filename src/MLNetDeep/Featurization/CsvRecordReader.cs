namespace MLNetDeep.Featurization;

/// <summary>
/// A streaming reader of delimited text that splits records the way ML.NET's <c>TextLoader</c> does with
/// <c>AllowQuoting</c> and <c>ReadMultilines</c>: one record at a time into a reused buffer, fields as slices of it, with
/// the physical line each record starts on (1-based), so a message can name the line ML.NET would name.
/// </summary>
/// <remarks>
/// <para>Quoting follows RFC 4180: a field that starts with <c>"</c> runs to the matching closing quote, may contain the
/// separator and line breaks, and writes a quote as <c>""</c>; after the closing quote only the separator or the end
/// of the line may follow. A quote inside an unquoted field is an ordinary character. Fields are not trimmed.</para>
/// <para>As in ML.NET, an empty line is skipped and so is a line starting with <c>//</c> (a comment); a line of only
/// spaces is a record (of one field). Line breaks are <c>\n</c>, <c>\r\n</c> or <c>\r</c>.</para>
/// </remarks>
internal sealed class CsvRecordReader : IDisposable
{
    private const int Eof = -1;

    private readonly TextReader _reader;
    private readonly string _path;
    private readonly char _separator;
    private readonly char[] _input = new char[1 << 16];
    private int _inputPos;
    private int _inputLen;
    private bool _previousWasCr;
    private long _line = 1;

    private char[] _record = new char[256];
    private int _recordLen;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _quoted = new bool[16];

    public CsvRecordReader(TextReader reader, string path, char separator)
    {
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"The separator cannot be {(separator == '"' ? "a quote" : "a line break")}.", nameof(separator));
        }

        _reader = reader;
        _path = path;
        _separator = separator;
    }

    /// <summary>The 1-based physical line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, unquoted.</summary>
    public ReadOnlySpan<char> Field(int index) => _record.AsSpan(_starts[index], _lengths[index]);

    /// <summary>Whether field <paramref name="index"/> of the current record was quoted.</summary>
    public bool IsQuoted(int index) => _quoted[index];

    /// <summary>Cuts <paramref name="s"/> to <paramref name="max"/> characters, marking the cut.</summary>
    public static string Shorten(string s, int max = 60) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max), "...");

    /// <summary>Reads the next record; false at the end of the file.</summary>
    /// <exception cref="InvalidDataException">A quoted field is not terminated, or is followed by other text; the message names the file and line.</exception>
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
                int c = Peek();
                bool quotedField = c == '"';
                if (quotedField)
                {
                    anyQuoted = true;
                    Next();
                    ReadQuoted(start);
                    c = Peek();
                    if (c != _separator && c != '\n' && c != '\r' && c != Eof)
                    {
                        throw new InvalidDataException(
                            $"{_path}, line {LineNumber}, field {FieldCount + 1}: the quoted field \"{Shorten(new string(_record, start, _recordLen - start))}\" is followed by '{(char)c}' "
                            + "instead of the separator or the end of the line (write a quote inside a quoted field as \"\").");
                    }
                }
                else
                {
                    while ((c = Peek()) != Eof && c != _separator && c != '\n' && c != '\r')
                    {
                        Append((char)Next());
                    }
                }

                AddField(start, _recordLen - start, quotedField);
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

            bool empty = FieldCount == 1 && !anyQuoted && _lengths[0] == 0;
            bool comment = !anyQuoted && _recordLen >= 2 && _record[0] == '/' && _record[1] == '/';
            if (!empty && !comment)
            {
                return true;
            }
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
                    $"{_path}, line {LineNumber}, field {FieldCount + 1}: the quoted field starting \"{Shorten(new string(_record, start, _recordLen - start), 40)}\" has no closing quote before the end of the file.");
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

    private void AddField(int start, int length, bool quoted)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
            Array.Resize(ref _quoted, _quoted.Length * 2);
        }

        _quoted[FieldCount] = quoted;
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
