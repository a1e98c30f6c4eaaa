namespace MLNetDeep.Legacy.Data;

/// <summary>
/// A lazy view over a delimited text file: every cursor opens the file and parses it again as it moves, so the row
/// count is unknown until a cursor has read to the end. The header, when there is one, is read once at creation so that
/// messages can name source columns.
/// </summary>
internal sealed class TextLoaderDataView : IDataView
{
    private readonly string _path;
    private readonly char _separator;
    private readonly bool _hasHeader;
    private readonly bool _allowQuoting;
    private readonly bool _trim;
    private readonly Bound[] _columns;
    private readonly int _fieldsNeeded;

    public TextLoaderDataView(string path, IReadOnlyList<TextLoaderColumn> columns, char separator, bool hasHeader, bool allowQuoting, bool trimWhitespace)
        : this(path, (columns ?? throw new ArgumentNullException(nameof(columns))).Select(Bind).ToArray(), separator, hasHeader, allowQuoting, trimWhitespace)
    {
    }

    public TextLoaderDataView(string path, IReadOnlyList<Bound> columns, char separator, bool hasHeader, bool allowQuoting, bool trimWhitespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The text file '{path}' does not exist (full path: {Path.GetFullPath(path)}).", path);
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException($"No columns to load from '{path}'.", nameof(columns));
        }

        _path = path;
        _separator = separator;
        _hasHeader = hasHeader;
        _allowQuoting = allowQuoting;
        _trim = trimWhitespace;
        _columns = columns.ToArray();
        var duplicate = _columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two columns to load from '{path}' are named '{duplicate.Key}'.", nameof(columns));
        }

        _fieldsNeeded = _columns.Max(c => c.Indices.Max()) + 1;
        Schema = DataViewSchema.Create(_columns.Select(c => new DataViewSchema.DetachedColumn(c.Name, c.Type)));
        if (hasHeader)
        {
            using DelimitedRecordReader reader = Open();
            HeaderNames = reader.ReadRecord() ? Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToArray() : [];
        }
    }

    public DataViewSchema Schema { get; }

    /// <summary>The header's names, or null without a header.</summary>
    public string[]? HeaderNames { get; }

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded) => new Cursor(this, columnsNeeded);

    internal DelimitedRecordReader Open()
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new DelimitedRecordReader(text, _path, _separator, _allowQuoting, _trim) { HeaderNames = HeaderNames };
    }

    private static Bound Bind(TextLoaderColumn c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (string.IsNullOrEmpty(c.Name))
        {
            throw new ArgumentException("A text loader column has no name.", nameof(c));
        }

        ArgumentNullException.ThrowIfNull(c.Type);
        if (c.Start < 0 || c.End < c.Start)
        {
            throw new ArgumentException($"Column '{c.Name}': source range {c.Start}..{c.End} is invalid (indices are 0-based and End >= Start).", nameof(c));
        }

        int count = c.End - c.Start + 1;
        int[] indices = Enumerable.Range(c.Start, count).ToArray();
        return Bind(c.Name, c.Type, indices);
    }

    /// <summary>Checks a column's type against its source fields; a vector of size 0 takes the number of fields.</summary>
    internal static Bound Bind(string name, DataViewType type, int[] indices)
    {
        if (indices.Length == 0 || indices.Any(i => i < 0))
        {
            throw new ArgumentException($"Column '{name}': source indices [{string.Join(", ", indices)}] must be non-empty and 0-based.");
        }

        if (type is VectorDataViewType v)
        {
            if (v.Size != 0 && v.Size != indices.Length)
            {
                throw new ArgumentException($"Column '{name}' is {v} but is loaded from {indices.Length} source columns ({indices[0]}..{indices[^1]}).");
            }

            return new Bound(name, new VectorDataViewType(indices.Length), indices);
        }

        if (indices.Length != 1)
        {
            throw new ArgumentException($"Column '{name}' is {type} (a scalar) but is loaded from {indices.Length} source columns ({indices[0]}..{indices[^1]}); use a vector type.");
        }

        if (type is not (NumberDataViewType or BooleanDataViewType or TextDataViewType or KeyDataViewType))
        {
            throw new ArgumentException($"Column '{name}' has type {type}, which the text loader cannot read.");
        }

        return new Bound(name, type, indices);
    }

    internal sealed record Bound(string Name, DataViewType Type, int[] Indices);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TextLoaderDataView _view;
        private readonly DelimitedRecordReader _reader;
        private readonly bool[] _active;
        private long _position = -1;
        private bool _done;

        public Cursor(TextLoaderDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (DataViewSchema.Column c in columnsNeeded)
            {
                _active[c.Index] = true;
            }

            _reader = view.Open();
            if (view._hasHeader)
            {
                _reader.ReadRecord();
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_done || !_reader.ReadRecord())
            {
                _done = true;
                return false;
            }

            if (_reader.FieldCount < _view._fieldsNeeded)
            {
                // Name the first missing source column and the column that reads it.
                int index = _view._columns.SelectMany(c => c.Indices).Where(i => i >= _reader.FieldCount).Min();
                Bound widest = _view._columns.First(c => c.Indices.Contains(index));
                throw new InvalidDataException(
                    $"{_view._path}, line {_reader.LineNumber}: wrong number of fields — the row has {_reader.FieldCount} (\"{_reader.Describe()}\"), " +
                    $"but column '{widest.Name}' reads source {_reader.ColumnLabel(index)}, so at least {_view._fieldsNeeded} are needed.");
            }

            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            Bound b = _view._columns[column.Index];
            int index = b.Indices[0];
            Delegate getter = b.Type switch
            {
                VectorDataViewType => new ValueGetter<float[]>((ref float[] value) =>
                {
                    Check();
                    if (value is null || value.Length != b.Indices.Length)
                    {
                        value = new float[b.Indices.Length];
                    }

                    for (int i = 0; i < b.Indices.Length; i++)
                    {
                        ReadOnlySpan<char> s = _reader.Field(b.Indices[i]);
                        if (!TextValueParser.TryParseSingle(s, out value[i]))
                        {
                            throw Bad(b, b.Indices[i], s, "Single");
                        }
                    }
                }),
                TextDataViewType => new ValueGetter<string>((ref string value) =>
                {
                    Check();
                    value = _reader.Field(index).ToString();
                }),
                KeyDataViewType k => new ValueGetter<uint>((ref uint value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseKey(s, k.Count, out value))
                    {
                        throw Bad(b, index, s, $"key in 0..{k.Count} (0 or empty = missing)");
                    }
                }),
                BooleanDataViewType => new ValueGetter<bool>((ref bool value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseBoolean(s, out value))
                    {
                        throw Bad(b, index, s, "Boolean (true, false, 1 or 0)");
                    }
                }),
                _ when b.Type == NumberDataViewType.Single => new ValueGetter<float>((ref float value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseSingle(s, out value))
                    {
                        throw Bad(b, index, s, "Single");
                    }
                }),
                _ when b.Type == NumberDataViewType.Double => new ValueGetter<double>((ref double value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseDouble(s, out value))
                    {
                        throw Bad(b, index, s, "Double");
                    }
                }),
                _ when b.Type == NumberDataViewType.Int32 => new ValueGetter<int>((ref int value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseInt32(s, out value))
                    {
                        throw Bad(b, index, s, "Int32");
                    }
                }),
                _ => new ValueGetter<long>((ref long value) =>
                {
                    Check();
                    ReadOnlySpan<char> s = _reader.Field(index);
                    if (!TextValueParser.TryParseInt64(s, out value))
                    {
                        throw Bad(b, index, s, "Int64");
                    }
                }),
            };
            return (ValueGetter<TValue>)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _reader.Dispose();
            }
        }

        private void Check()
        {
            if (_position < 0 || _done)
            {
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext first, and not after it returned false.");
            }
        }

        private InvalidDataException Bad(Bound b, int index, ReadOnlySpan<char> value, string expected)
        {
            string problem = TextValueParser.IsMissing(value)
                ? $"missing value '{value}' in a {expected} column; only Single and Double columns (and vectors) may have missing values, read as NaN"
                : $"'{DelimitedRecordReader.Shorten(value.ToString())}' is not a valid {expected}";
            return new InvalidDataException($"{_view._path}, line {_reader.LineNumber}, {_reader.ColumnLabel(index)}: {problem} (loading column '{b.Name}').");
        }
    }
}
