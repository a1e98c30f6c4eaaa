namespace MLNetDeep.Featurization;

using System.Globalization;
using System.Text;
using Microsoft.ML.Data;

/// <summary>
/// Reads a whole delimited text file once and decides every column's kind and type (see
/// <see cref="FeaturizationDataCatalog.InferCsvColumns"/> for the rules). Every record must have exactly as many fields
/// as the header; a value that does not parse as its column's declared type, or a column that holds numbers except in
/// a few cells, is an error naming the file, line, data row, column and value.
/// </summary>
internal static class CsvScanner
{
    /// <summary>How many distinct examples of non-numeric values a message lists.</summary>
    private const int ExamplesInMessage = 3;

    public static CsvColumnInference Infer(string path, CsvInferenceOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is a folder, not a data file; give a CSV or TSV file.", path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the data file '{path}' does not exist.", path);
        }

        char separator = options.Separator ?? (System.IO.Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : SniffSeparator(path));
        if (options.DecimalMarker == separator)
        {
            throw new ArgumentException($"DecimalMarker: '{options.DecimalMarker}' cannot be the decimal marker of {path}, whose fields are separated by '{separator}' too{(options.Separator is null ? " (found in the header)" : " (Separator)")}; a file with decimal commas separates its fields with ';' or a tab.", nameof(options));
        }

        options = options with { Separator = separator };
        using var reader = new CsvRecordReader(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path, separator);
        string[]? names = null;
        if (options.HasHeader)
        {
            if (!reader.ReadRecord())
            {
                throw new InvalidDataException($"{path}: the file is empty; a header row was expected.");
            }

            names = UniqueNames(Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToArray());
        }

        Stats[]? stats = names is null ? null : CreateStats(path, names, options);
        long rows = 0;
        while (reader.ReadRecord())
        {
            rows++;
            if (stats is null)
            {
                names = UniqueNames(new string[reader.FieldCount]);
                stats = CreateStats(path, names, options);
            }

            if (reader.FieldCount != stats.Length)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}, line {reader.LineNumber} (data row {rows}): {reader.FieldCount} field{(reader.FieldCount == 1 ? "" : "s")}, but the {(options.HasHeader ? "header has" : "first row has")} {stats.Length}{(reader.FieldCount > stats.Length ? " (is a field unquoted that holds the separator?)" : "")}."));
            }

            for (int i = 0; i < stats.Length; i++)
            {
                stats[i].Add(reader.Field(i), reader.IsQuoted(i), reader.LineNumber, rows);
            }
        }

        if (stats is null)
        {
            throw new InvalidDataException($"{path}: the file has no data rows.");
        }

        CsvColumn[] columns = stats.Select((s, i) => s.Decide(i)).ToArray();
        return new CsvColumnInference(path, separator, options.HasHeader, columns, rows, options.LabelColumnName) { DecimalMarker = options.DecimalMarker };
    }

    /// <summary>
    /// The separator of a file that does not say (not <c>.tsv</c>, no <see cref="CsvInferenceOptions.Separator"/>): a
    /// comma when the first record (the header) has one outside quotes; otherwise the one of <c>; TAB |</c> it has most
    /// of (a European CSV is semicolon-separated); otherwise a comma (a file of one column).
    /// </summary>
    private static char SniffSeparator(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? line;
        while ((line = reader.ReadLine()) is not null && (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)))
        {
            // Empty and comment lines are not records (as in ML.NET).
        }

        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        bool quoted = false;
        foreach (char c in line ?? "")
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.TryGetValue(c, out int n))
            {
                counts[c] = n + 1;
            }
        }

        return counts[','] > 0 ? ',' : counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Select(c => (char?)c.Key).FirstOrDefault() ?? ',';
    }

    private static Stats[] CreateStats(string path, string[] names, CsvInferenceOptions options)
    {
        var known = names.ToHashSet(StringComparer.Ordinal);
        string Columns() => string.Join(", ", names.Select(n => $"'{n}'"));
        if (options.LabelColumnName is string label && !known.Contains(label))
        {
            throw new ArgumentException($"LabelColumnName: there is no column '{label}' in {path} (columns: {Columns()}){Suggest(names, label)}.", nameof(options));
        }

        foreach (string name in options.FeatureColumnNames ?? [])
        {
            if (name == options.LabelColumnName)
            {
                throw new ArgumentException($"FeatureColumnNames: '{name}' is the label column; it cannot also be a feature.", nameof(options));
            }

            if (!known.Contains(name))
            {
                throw new ArgumentException($"FeatureColumnNames: there is no column '{name}' in {path} (columns: {Columns()}){Suggest(names, name)}.", nameof(options));
            }
        }

        foreach (string name in options.ColumnKinds.Keys.Where(n => !known.Contains(n)))
        {
            throw new ArgumentException($"ColumnKinds: there is no column '{name}' in {path} (columns: {Columns()}){Suggest(names, name)}.", nameof(options));
        }

        return names.Select(n => new Stats(path, n, options)).ToArray();
    }

    /// <summary>The columns whose names differ from <paramref name="name"/> only in case or surrounding spaces, as a hint for a message ("" when none).</summary>
    private static string Suggest(string[] names, string name)
    {
        string[] close = names.Where(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        return close.Length == 0 ? "" : $". Did you mean {string.Join(" or ", close.Select(n => $"'{n}'"))}? Column names are case-sensitive";
    }

    /// <summary>
    /// The header's names made usable: surrounding spaces trimmed (ML.NET's loader trims column names), an empty name
    /// becomes <c>col{i}</c>, a repeated one gets <c>_{i}</c> appended.
    /// </summary>
    private static string[] UniqueNames(string[] header)
    {
        var names = new string[header.Length];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = string.IsNullOrWhiteSpace(header[i]) ? $"col{i}" : header[i].Trim();
            names[i] = used.Add(name) ? name : $"{name}_{i}";
            used.Add(names[i]);
        }

        return names;
    }

    /// <summary>What the scan learns about one column, and the column's kind and type at the end.</summary>
    private sealed class Stats
    {
        private readonly string _path;
        private readonly string _name;
        private readonly CsvInferenceOptions _options;
        private readonly DataKind? _declaredType;
        private readonly CsvColumnKind? _declaredKind;
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private readonly List<string> _nonNumericExamples = [];
        private long _missing;
        private long _numbers;
        private long _nonNumbers;
        private long _dates;
        private double _words;
        private (long Line, long Row, string Value)? _firstNonNumber;
        private (long Line, long Row, string Value)? _firstNonDate;
        private float? _firstNumber;
        private bool _numbersVary;
        private (long Line, long Row, string Value)? _firstInfinite;
        private long _commaNumbers;
        private long _paddedNumbers;
        private (long Line, long Row, string Value)? _firstPadded;

        public Stats(string path, string name, CsvInferenceOptions options)
        {
            _path = path;
            _name = name;
            _options = options;
            _declaredType = options.ColumnTypes.TryGetValue(name, out DataKind type) ? type : null;
            _declaredKind = options.ColumnKinds.TryGetValue(name, out CsvColumnKind kind) ? kind : null;
            if (_declaredKind == CsvColumnKind.Numeric)
            {
                _declaredType ??= DataKind.Single;
            }
        }

        private bool IsLabel => _name == _options.LabelColumnName;

        private bool IsUnlisted => !IsLabel && ((_options.FeatureColumnNames is { } listed && !listed.Contains(_name))
            || (_options.IgnoreUndeclaredColumns && _declaredType is null && _declaredKind is null));

        public void Add(ReadOnlySpan<char> field, bool quoted, long line, long row)
        {
            if (_declaredType is DataKind type && !CsvValues.Parses(field, type, _options.DecimalMarker))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(field.ToString())}' is not {CsvValues.Expected(type)}, the column's type ({type})."));
            }

            bool padded = CsvValues.IsPaddedQuotedNumber(field, quoted, _options.DecimalMarker);
            if (padded && (_declaredType is not (null or DataKind.String or DataKind.Boolean) || _declaredKind == CsvColumnKind.Numeric))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{_path}, line {line} (data row {row}), column '{_name}': {PaddedMessage(field.ToString())}"));
            }

            if (padded)
            {
                _paddedNumbers++;
                _firstPadded ??= (line, row, field.ToString());
            }

            if (CsvValues.IsMissing(field))
            {
                _missing++;
                return;
            }

            bool date = DateParts.TryParse(field, out _);
            if (!date && _declaredKind == CsvColumnKind.Date)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(field.ToString())}' is not an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), the column's kind (date)."));
            }

            _dates += date ? 1 : 0;
            _firstNonDate ??= date ? null : (line, row, field.ToString());

            if (_distinct.Count <= _options.MaximumCategories)
            {
                _distinct.Add(field.ToString());
            }

            if (!padded && CsvValues.TryParse(field, _options.DecimalMarker, out float value))
            {
                _numbers++;
                _numbersVary |= _firstNumber is float first && !first.Equals(value);
                _firstNumber ??= value;
                if (float.IsInfinity(value))
                {
                    _firstInfinite ??= (line, row, field.ToString());
                }
            }
            else
            {
                _nonNumbers++;
                _commaNumbers += _options.DecimalMarker == '.' && CsvValues.IsNumberWithCommas(field) ? 1 : 0; // with a comma marker, "1.234,5" is just not a number
                _firstNonNumber ??= (line, row, field.ToString());
                if (_nonNumericExamples.Count < ExamplesInMessage && !_nonNumericExamples.Contains(field.ToString()))
                {
                    _nonNumericExamples.Add(field.ToString());
                }
            }

            _words += CsvValues.WordCount(field);
        }

        private string PaddedMessage(string value) =>
            $"'{CsvRecordReader.Shorten(value)}' is a number quoted with spaces on both sides inside the quotes{(_options.DecimalMarker == ',' ? " (with a decimal comma, before it)" : "")}, which ML.NET's loader does not read as "
            + $"{value.Trim()} (a Single column gets NaN, an integer column fails); remove the spaces inside the quotes.";

        public CsvColumn Decide(int index)
        {
            long present = _numbers + _nonNumbers;
            int distinct = _distinct.Count;
            CsvColumn Make(CsvColumnKind kind, DataKind type, string reason) =>
                new(_name, index, kind) { DataKind = type, MissingCount = _missing, DistinctCount = distinct, Reason = reason };

            if (_declaredKind is CsvColumnKind declared)
            {
                if (declared == CsvColumnKind.Numeric)
                {
                    ThrowIfInfinite();
                }

                return Make(declared, declared == CsvColumnKind.Numeric ? _declaredType!.Value : DataKind.String, "declared");
            }

            if (_declaredType is DataKind declaredType)
            {
                CsvColumnKind kind = IsLabel ? CsvColumnKind.Label
                    : declaredType == DataKind.String ? TextKind()
                    : declaredType == DataKind.Boolean ? CsvColumnKind.Categorical
                    : CsvColumnKind.Numeric;
                return Make(IsUnlisted ? CsvColumnKind.Ignored : kind, declaredType, "declared type");
            }

            if (IsLabel && present == 0 && _missing > 0)
            {
                throw new InvalidDataException($"{_path} has no rows with a label in column '{_name}': all {_missing} rows have a missing label (empty, ?, NA, N/A, NaN or null).");
            }

            if (IsUnlisted)
            {
                return Make(CsvColumnKind.Ignored, DataKind.String, _options.IgnoreUndeclaredColumns ? "not declared" : "not among the requested features");
            }

            if (_paddedNumbers > 0 && _paddedNumbers == _nonNumbers)
            {
                // Every value that is not a number is a number ML.NET's loader would not read: it is a numeric column.
                (long line, long row, string value) = _firstPadded!.Value;
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': {PaddedMessage(value)} Or declare the column's kind (categorical or text) to keep it as text."));
            }

            bool numeric = _numbers > 0 && _nonNumbers == 0;
            if (!numeric && _numbers > 0 && _numbers >= _options.MostlyNumericShare * present)
            {
                (long line, long row, string value) = _firstNonNumber!.Value;
                string examples = string.Join(", ", _nonNumericExamples.Select(e => $"'{CsvRecordReader.Shorten(e, 30)}'"));
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(value)}' is not a number, but {_numbers} of the column's {present} values are "
                    + $"({_nonNumbers} are not: {examples}{(_nonNumbers > _nonNumericExamples.Count ? ", ..." : "")}{(_commaNumbers == _nonNumbers ? "; a decimal comma or thousands separators? ML.NET reads a '.' decimal point and no separators" : "")}). Fix the value{(_nonNumbers == 1 ? "" : "s")}, {DecimalCommaHint}or declare the column's kind (categorical or text) to keep it as text."));
            }

            if (!numeric && !IsLabel && _nonNumbers > 0 && _commaNumbers == _nonNumbers)
            {
                (long line, long row, string value) = _firstNonNumber!.Value;
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(value)}' is not a number to ML.NET (it reads a '.' decimal point and no thousands separators), "
                    + $"but every value of the column is a number once its commas are removed: a decimal comma or thousands separators? "
                    + $"Write the numbers with a '.' decimal point and no separators, {DecimalCommaHint}or declare the column's kind (categorical or text) to keep it as text."));
            }

            if (numeric)
            {
                ThrowIfInfinite();
            }

            if (IsLabel)
            {
                return Make(CsvColumnKind.Label, numeric ? DataKind.Single : DataKind.String, numeric ? "the label; numbers" : "the label; text");
            }

            bool explicitlyListed = _options.FeatureColumnNames is not null;
            if (present == 0)
            {
                return Make(explicitlyListed ? CsvColumnKind.Numeric : CsvColumnKind.Ignored, explicitlyListed ? DataKind.Single : DataKind.String, "every value is missing");
            }

            if (numeric)
            {
                return !_numbersVary && !explicitlyListed
                    ? Make(CsvColumnKind.Ignored, DataKind.Single, "constant")
                    : Make(CsvColumnKind.Numeric, DataKind.Single, "numbers");
            }

            if (distinct <= 1 && !explicitlyListed)
            {
                return Make(CsvColumnKind.Ignored, DataKind.String, "constant");
            }

            if (_dates < present && _dates >= _options.MostlyNumericShare * present)
            {
                (long line, long row, string value) = _firstNonDate!.Value;
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(value)}' is not an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), "
                    + $"but {_dates} of the column's {present} values are. Fix the value{(present - _dates == 1 ? "" : "s")}, leave a cell empty for a missing date, or declare the column's kind (categorical or text) to keep it as text."));
            }

            if (_dates == present)
            {
                return Make(CsvColumnKind.Date, DataKind.String, "ISO 8601 dates");
            }

            CsvColumnKind textKind = TextKind();
            return Make(textKind, DataKind.String, textKind == CsvColumnKind.Text
                ? distinct > _options.MaximumCategories
                    ? $"more than {_options.MaximumCategories} distinct values"
                    : string.Create(CultureInfo.InvariantCulture, $"{_words / present:0.#} words per value on average")
                : $"{distinct} distinct value{(distinct == 1 ? "" : "s")}");
        }

        // A file whose numbers may have a decimal comma is read with one, unless its fields are separated by commas.
        private string DecimalCommaHint => _commaNumbers > 0 && _options.DecimalMarker == '.' && _options.Separator != ','
            ? "read the file with a decimal comma (DecimalMarker ','; mlnetdeep: --decimal-marker ,), " : "";

        // An infinite number (Infinity, or beyond float's range such as 1e39) in a column read as numbers: no network trains on it.
        private void ThrowIfInfinite()
        {
            if (_firstInfinite is var (line, row, value))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(value)}' is infinite as ML.NET reads it (a 32-bit float: beyond ±3.4e38 is infinite), "
                    + $"so no network can train on it. Fix the value, or leave the cell empty to mark it missing."));
            }
        }

        private CsvColumnKind TextKind()
        {
            long present = _numbers + _nonNumbers;
            return _distinct.Count > _options.MaximumCategories || (present > 0 && _words / present >= _options.MinimumAverageWordsForText)
                ? CsvColumnKind.Text
                : CsvColumnKind.Categorical;
        }
    }
}
