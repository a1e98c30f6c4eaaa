namespace MLNetDeep.Featurization;

using Microsoft.ML.Data;

/// <summary>
/// How <see cref="FeaturizationDataCatalog.InferCsvColumns"/> reads a delimited text file and decides what each column
/// is for. Every property has a default that fits a CSV with a header.
/// </summary>
public sealed record CsvInferenceOptions
{
    /// <summary>
    /// The field separator; null: a tab for a file whose name ends in <c>.tsv</c>, otherwise found in the header — a comma
    /// when it has one (outside quotes), else the most frequent of <c>;</c>, tab and <c>|</c>, else a comma. Default null.
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>
    /// The decimal marker of the numbers: <c>'.'</c> (<c>3.14</c>) or <c>','</c> (<c>3,14</c>, a European CSV, pandas'
    /// <c>decimal=','</c>), passed on to ML.NET's <c>TextLoader.Options.DecimalMarker</c>. A comma needs another field
    /// separator than a comma. Numbers never have thousands separators. Default <c>'.'</c>.
    /// </summary>
    public char DecimalMarker { get; init; } = '.';

    /// <summary>Whether the first record is a header naming the columns. Default true.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The label column, marked <see cref="CsvColumnKind.Label"/>; null when the file has none. Default null.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// The feature columns; null: every column but the label (except those found constant or empty). Columns not
    /// listed become <see cref="CsvColumnKind.Ignored"/>; a name the file lacks is an error. Default null.
    /// </summary>
    public IReadOnlyList<string>? FeatureColumnNames { get; init; }

    /// <summary>
    /// Kinds decided by the caller instead of inferred, by column name: <see cref="CsvColumnKind.Categorical"/> or
    /// <see cref="CsvColumnKind.Text"/> treat a column as text even when it holds numbers (the way to keep a column that is
    /// numeric except for a few cells); <see cref="CsvColumnKind.Numeric"/> requires every non-missing value to be a
    /// number; <see cref="CsvColumnKind.Ignored"/> leaves the column out. A name the file lacks is an error. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, CsvColumnKind> ColumnKinds { get; init; } = new Dictionary<string, CsvColumnKind>();

    /// <summary>
    /// Types decided by the caller, by column name: the types a model was trained with, so that a file to score is
    /// loaded the same way. Every non-missing value of a numeric or Boolean column must parse as ML.NET parses it (an
    /// error names the file, line, column and value). Such a column is never <see cref="CsvColumnKind.Ignored"/> for
    /// being constant. Names the file lacks are left to the caller. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, DataKind> ColumnTypes { get; init; } = new Dictionary<string, DataKind>();

    /// <summary>
    /// Whether every column without a declared type or kind (and not the label) is <see cref="CsvColumnKind.Ignored"/>
    /// without being inspected: for a file read only for the columns a model needs. Default false.
    /// </summary>
    public bool IgnoreUndeclaredColumns { get; init; }

    /// <summary>A text column with more distinct values than this is <see cref="CsvColumnKind.Text"/> rather than categorical. Default 100.</summary>
    public int MaximumCategories { get; init; } = 100;

    /// <summary>A text column whose values average at least this many words is <see cref="CsvColumnKind.Text"/> rather than categorical. Default 3.</summary>
    public double MinimumAverageWordsForText { get; init; } = 3;

    /// <summary>
    /// A column in which at least this share of the non-missing values are numbers, but not all, is an error naming the
    /// first value that is not (a typo such as <c>0.3x</c> would otherwise turn the column into text); so is one with this
    /// share of ISO 8601 dates, but not all (<c>2026-02-30</c> would turn a date column into text). Declare the column's
    /// kind in <see cref="ColumnKinds"/> to keep it. In (0, 1]. Default 0.5.
    /// </summary>
    public double MostlyNumericShare { get; init; } = 0.5;

    /// <summary>
    /// Checks the options; throws an <see cref="ArgumentException"/> naming the option and the value: a quote or line
    /// break as separator, a decimal marker other than '.' or ',', a comma as both decimal marker and separator, a limit out of range, a null <see cref="ColumnKinds"/> or <see cref="ColumnTypes"/>, a null or
    /// blank name in <see cref="FeatureColumnNames"/>, a kind or type that is not a defined enum value, a declared label kind.
    /// </summary>
    public void Validate()
    {
        if (Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"Separator is '{Separator}'; a quote or a line break cannot separate fields.", nameof(Separator));
        }

        if (DecimalMarker is not ('.' or ','))
        {
            throw new ArgumentException($"DecimalMarker is '{DecimalMarker}'; it must be '.' or ',' (what ML.NET's TextLoader reads).", nameof(DecimalMarker));
        }

        if (DecimalMarker == ',' && Separator == ',')
        {
            throw new ArgumentException("DecimalMarker is ',' and Separator is ','; a comma cannot mark both decimals and fields (a European CSV separates its fields with ';').", nameof(DecimalMarker));
        }

        if (MaximumCategories < 1)
        {
            throw new ArgumentException($"MaximumCategories is {MaximumCategories}; it must be at least 1.", nameof(MaximumCategories));
        }

        if (!(MinimumAverageWordsForText > 0) || !double.IsFinite(MinimumAverageWordsForText))
        {
            throw new ArgumentException($"MinimumAverageWordsForText is {MinimumAverageWordsForText}; it must be a positive number.", nameof(MinimumAverageWordsForText));
        }

        if (!(MostlyNumericShare > 0 && MostlyNumericShare <= 1))
        {
            throw new ArgumentException($"MostlyNumericShare is {MostlyNumericShare}; it must be in (0, 1].", nameof(MostlyNumericShare));
        }

        if (ColumnKinds is null)
        {
            throw new ArgumentException("ColumnKinds is null; leave it out (or give an empty dictionary) to infer every column's kind.", nameof(ColumnKinds));
        }

        if (ColumnTypes is null)
        {
            throw new ArgumentException("ColumnTypes is null; leave it out (or give an empty dictionary) to infer every column's type.", nameof(ColumnTypes));
        }

        if (FeatureColumnNames?.Any(string.IsNullOrWhiteSpace) == true)
        {
            string bad = FeatureColumnNames.First(string.IsNullOrWhiteSpace) is { } blank ? $"'{blank}'" : "null";
            throw new ArgumentException($"FeatureColumnNames holds {bad}; every entry must name a column (or leave FeatureColumnNames null for every column but the label).", nameof(FeatureColumnNames));
        }

        if (ColumnKinds.FirstOrDefault(k => !Enum.IsDefined(k.Value)) is { Key: not null } badKind)
        {
            throw new ArgumentException($"ColumnKinds: '{badKind.Key}' is {badKind.Value}, which is not a CsvColumnKind (expected {string.Join(", ", Enum.GetNames<CsvColumnKind>().Where(n => n != nameof(CsvColumnKind.Label)))}).", nameof(ColumnKinds));
        }

        if (ColumnTypes.FirstOrDefault(t => !Enum.IsDefined(t.Value)) is { Key: not null } badType)
        {
            throw new ArgumentException($"ColumnTypes: '{badType.Key}' is {badType.Value}, which is not an ML.NET DataKind.", nameof(ColumnTypes));
        }

        if (ColumnKinds.Any(k => k.Value == CsvColumnKind.Label))
        {
            throw new ArgumentException("ColumnKinds may not declare a Label column; name it in LabelColumnName.", nameof(ColumnKinds));
        }
    }
}
