namespace MLNetDeep.Featurization;

using Microsoft.ML.Data;

/// <summary>
/// What <see cref="FeaturizationDataCatalog.InferCsvColumns"/> found in a delimited text file: every column with its
/// kind and type, how many data rows the file has, and ML.NET's <see cref="TextLoader.Options"/> that load it.
/// </summary>
/// <example>
/// <code>
/// CsvColumnInference csv = ml.Data.InferCsvColumns("train.csv", new CsvInferenceOptions { LabelColumnName = "y" });
/// IDataView data = ml.Data.LoadFromTextFile(csv.Path, csv.ToTextLoaderOptions());
/// var pipeline = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "y")
///     .Append(ml.Transforms.FeaturizeColumns(csv.Features))
///     .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { LabelColumnName = "y" }));
/// </code>
/// </example>
public sealed class CsvColumnInference
{
    internal CsvColumnInference(string path, char separator, bool hasHeader, IReadOnlyList<CsvColumn> columns, long rowCount, string? labelColumnName)
    {
        Path = path;
        Separator = separator;
        HasHeader = hasHeader;
        Columns = columns;
        RowCount = rowCount;
        LabelColumnName = labelColumnName;
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <summary>The decimal marker the numbers were read with, '.' or ',' (<see cref="CsvInferenceOptions.DecimalMarker"/>).</summary>
    public char DecimalMarker { get; init; } = '.';

    /// <summary>Whether the first record is a header.</summary>
    public bool HasHeader { get; }

    /// <summary>Every column of the file, in field order.</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>The number of data rows (records after the header; empty and <c>//</c> comment lines are not rows, as in ML.NET).</summary>
    public long RowCount { get; }

    /// <summary>The label column's name, or null.</summary>
    public string? LabelColumnName { get; }

    /// <summary>The label column, or null.</summary>
    public CsvColumn? Label => Columns.FirstOrDefault(c => c.Kind == CsvColumnKind.Label);

    /// <summary>The feature columns: numeric, categorical, text and date, in field order.</summary>
    public IReadOnlyList<CsvColumn> Features => Columns.Where(c => c.Kind.IsFeature()).ToArray();

    /// <summary>The type of every column by name, to load another file (test data, data to score) the same way through <see cref="CsvInferenceOptions.ColumnTypes"/>.</summary>
    public IReadOnlyDictionary<string, DataKind> ColumnTypes => Columns.ToDictionary(c => c.Name, c => c.DataKind, StringComparer.Ordinal);

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public CsvColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// ML.NET's text loader options for the file: every column by its field index and type, the header skipped, RFC 4180
    /// quoting with multi-line fields, missing numbers as NaN. A fresh object each call (the options are mutable).
    /// </summary>
    public TextLoader.Options ToTextLoaderOptions() => new()
    {
        Separators = [Separator],
        DecimalMarker = DecimalMarker,
        HasHeader = HasHeader,
        AllowQuoting = true,
        ReadMultilines = true,
        MissingRealsAsNaNs = true,
        TrimWhitespace = false,
        Columns = Columns.Select(c => new TextLoader.Column(c.Name, c.DataKind, c.Index)).ToArray(),
    };

    /// <summary>One line per column: name, kind, type and the reason.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Columns.Select(c => $"{c.Name}: {c.Kind} ({c.DataKind}; {c.Reason})"));
}
