namespace MLNetDeep.Cli.Data;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

/// <summary>
/// The data of <c>train</c>: the training file loaded with its columns inferred over the whole file (or an IDX pair),
/// the feature columns and their kinds, and the test file, when given, loaded with the training file's column types.
/// </summary>
internal sealed class TrainingSet
{
    private TrainingSet(DataFile train, DataFile? test, IReadOnlyList<CsvColumn> features, string label)
    {
        Train = train;
        Test = test;
        Features = features;
        Label = label;
        DataViewSchema schema = train.View.Schema;
        var builder = new DataViewSchema.Builder();
        foreach (DataViewSchema.Column c in schema.Where(c => !c.IsHidden && (c.Name == label || features.Any(f => f.Name == c.Name))))
        {
            builder.AddColumn(c.Name, c.Type, c.Annotations);
        }

        ModelInputSchema = builder.ToSchema();
    }

    /// <summary>The training file.</summary>
    public DataFile Train { get; }

    /// <summary>The test file, or null.</summary>
    public DataFile? Test { get; }

    /// <summary>The feature columns and their kinds.</summary>
    public IReadOnlyList<CsvColumn> Features { get; }

    /// <summary>The label column.</summary>
    public string Label { get; }

    /// <summary>The columns the model reads: the features and the label, as loaded.</summary>
    public DataViewSchema ModelInputSchema { get; }

    /// <summary>Loads the training (and test) data; <paramref name="inference"/> carries the label, features and declared kinds.</summary>
    public static TrainingSet Load(MLContext ml, string dataPath, string? testPath, CsvInferenceOptions inference)
    {
        string label = inference.LabelColumnName!;
        DataFile train;
        try
        {
            train = DataFile.Load(ml, dataPath, "--data", inference);
        }
        catch (ArgumentException e) when (UsageOption(e.Message) is string option)
        {
            string message = e.ParamName is string p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
            throw CliException.Usage(option + message[message.IndexOf(':', StringComparison.Ordinal)..]);
        }
        catch (InvalidDataException e) when (e.Message.Contains("declare the column's kind", StringComparison.Ordinal))
        {
            throw CliException.Failure(e.Message + " (With mlnetdeep: --categorical COLUMN or --free-text COLUMN.)");
        }

        IReadOnlyList<CsvColumn> features;
        if (train.Inference is { } csv)
        {
            if (csv.RowCount == 0)
            {
                throw CliException.Failure($"{dataPath} has a header but no data rows to train on.");
            }

            features = csv.Features;
            if (features.Count == 0)
            {
                string oneRow = csv.RowCount == 1 ? " With a single data row every column is constant, and a constant column is ignored." : "";
                throw CliException.Failure($"{dataPath} has no feature column besides the label '{label}' (columns: {csv}).{oneRow}");
            }
        }
        else
        {
            train.Require([label], "--label names");
            features = [new CsvColumn("Features", 0, CsvColumnKind.Numeric)];
        }

        DataFile? test = null;
        if (testPath is not null)
        {
            IReadOnlyDictionary<string, DataKind> types = train.Inference?.ColumnTypes ?? new Dictionary<string, DataKind>();
            test = DataFile.Load(ml, testPath, "--test", new CsvInferenceOptions
            {
                ColumnTypes = types.Where(t => t.Key == label || features.Any(f => f.Name == t.Key)).ToDictionary(),
                ColumnKinds = features.Where(f => f.Kind == CsvColumnKind.Date).ToDictionary(f => f.Name, f => f.Kind), // a non-date is an error, as at training
                IgnoreUndeclaredColumns = true,
                DecimalMarker = inference.DecimalMarker,
            });
            test.Require(features.Select(f => f.Name).Append(label), "the training data has");
        }

        return new TrainingSet(train, test, features, label);
    }

    // The option an inference error is about: its messages start with the option's property name.
    private static string? UsageOption(string message) =>
        message.StartsWith("LabelColumnName:", StringComparison.Ordinal) ? "--label"
        : message.StartsWith("FeatureColumnNames:", StringComparison.Ordinal) ? "--features"
        : message.StartsWith("ColumnKinds:", StringComparison.Ordinal) ? "--categorical/--free-text"
        : null;
}
