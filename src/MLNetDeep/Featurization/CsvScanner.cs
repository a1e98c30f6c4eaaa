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

        char separator = options.Separator ?? (System.IO.Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
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
                stats[i].Add(reader.Field(i), reader.LineNumber, rows);
            }
        }

        if (stats is null)
        {
            throw new InvalidDataException($"{path}: the file has no data rows.");
        }

        CsvColumn[] columns = stats.Select((s, i) => s.Decide(i)).ToArray();
        return new CsvColumnInference(path, separator, options.HasHeader, columns, rows, options.LabelColumnName);
    }

    private static Stats[] CreateStats(string path, string[] names, CsvInferenceOptions options)
    {
        var known = names.ToHashSet(StringComparer.Ordinal);
        string Columns() => string.Join(", ", names.Select(n => $"'{n}'"));
        if (options.LabelColumnName is string label && !known.Contains(label))
        {
            throw new ArgumentException($"LabelColumnName: there is no column '{label}' in {path} (columns: {Columns()}).", nameof(options));
        }

        foreach (string name in options.FeatureColumnNames ?? [])
        {
            if (name == options.LabelColumnName)
            {
                throw new ArgumentException($"FeatureColumnNames: '{name}' is the label column; it cannot also be a feature.", nameof(options));
            }

            if (!known.Contains(name))
            {
                throw new ArgumentException($"FeatureColumnNames: there is no column '{name}' in {path} (columns: {Columns()}).", nameof(options));
            }
        }

        foreach (string name in options.ColumnKinds.Keys.Where(n => !known.Contains(n)))
        {
            throw new ArgumentException($"ColumnKinds: there is no column '{name}' in {path} (columns: {Columns()}).", nameof(options));
        }

        return names.Select(n => new Stats(path, n, options)).ToArray();
    }

    /// <summary>The header's names made usable: an empty name becomes <c>col{i}</c>, a repeated one gets <c>_{i}</c> appended.</summary>
    private static string[] UniqueNames(string[] header)
    {
        var names = new string[header.Length];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = string.IsNullOrEmpty(header[i]) ? $"col{i}" : header[i];
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
        private double _words;
        private (long Line, long Row, string Value)? _firstNonNumber;
        private float? _firstNumber;
        private bool _numbersVary;

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

        public void Add(ReadOnlySpan<char> field, long line, long row)
        {
            if (_declaredType is DataKind type && !CsvValues.Parses(field, type))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(field.ToString())}' is not {CsvValues.Expected(type)}, the column's type ({type})."));
            }

            if (CsvValues.IsMissing(field))
            {
                _missing++;
                return;
            }

            if (_distinct.Count <= _options.MaximumCategories)
            {
                _distinct.Add(field.ToString());
            }

            if (CsvValues.IsNumber(field))
            {
                _numbers++;
                float value = float.Parse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
                _numbersVary |= _firstNumber is float first && !first.Equals(value);
                _firstNumber ??= value;
            }
            else
            {
                _nonNumbers++;
                _firstNonNumber ??= (line, row, field.ToString());
                if (_nonNumericExamples.Count < ExamplesInMessage && !_nonNumericExamples.Contains(field.ToString()))
                {
                    _nonNumericExamples.Add(field.ToString());
                }
            }

            _words += CsvValues.WordCount(field);
        }

        public CsvColumn Decide(int index)
        {
            long present = _numbers + _nonNumbers;
            int distinct = _distinct.Count;
            CsvColumn Make(CsvColumnKind kind, DataKind type, string reason) =>
                new(_name, index, kind) { DataKind = type, MissingCount = _missing, DistinctCount = distinct, Reason = reason };

            if (_declaredKind is CsvColumnKind declared)
            {
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

            if (IsUnlisted)
            {
                return Make(CsvColumnKind.Ignored, DataKind.String, _options.IgnoreUndeclaredColumns ? "not declared" : "not among the requested features");
            }

            bool numeric = _numbers > 0 && _nonNumbers == 0;
            if (!numeric && _numbers > 0 && _numbers >= _options.MostlyNumericShare * present)
            {
                (long line, long row, string value) = _firstNonNumber!.Value;
                string examples = string.Join(", ", _nonNumericExamples.Select(e => $"'{CsvRecordReader.Shorten(e, 30)}'"));
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{_path}, line {line} (data row {row}), column '{_name}': '{CsvRecordReader.Shorten(value)}' is not a number, but {_numbers} of the column's {present} values are "
                    + $"({_nonNumbers} are not: {examples}{(_nonNumbers > _nonNumericExamples.Count ? ", ..." : "")}). Fix the value{(_nonNumbers == 1 ? "" : "s")}, or declare the column's kind (categorical or text) to keep it as text."));
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

            CsvColumnKind textKind = TextKind();
            return Make(textKind, DataKind.String, textKind == CsvColumnKind.Text
                ? distinct > _options.MaximumCategories
                    ? $"more than {_options.MaximumCategories} distinct values"
                    : string.Create(CultureInfo.InvariantCulture, $"{_words / present:0.#} words per value on average")
                : $"{distinct} distinct value{(distinct == 1 ? "" : "s")}");
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
