namespace MLNetDeep.Cli.Commands;

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Output;

/// <summary>
/// Scores of labelled data measured with ML.NET's own evaluators, shared by <c>train</c>, <c>evaluate</c> and
/// <c>report</c>. Rows with a missing label are left out (ML.NET's <c>FilterRowsByMissingValues</c> on the prepared
/// label's key, or on a numeric label), and so are rows whose score is NaN — an input far outside the training range
/// (3e38 is enough) overflows the network — with a note on stderr saying how many; when every score is NaN there are no
/// metrics and that is an error. Nothing here loops on a score's value, so no score can make it hang.
/// </summary>
internal static class Evaluation
{
    /// <summary>The metrics, the rows measured and (classifiers) ML.NET's confusion matrix.</summary>
    public sealed record Result(JsonObject Metrics, long Rows, ConfusionMatrix? Confusion, IDataView Measured);

    /// <summary>Evaluates <paramref name="scored"/> (the model's output on labelled data).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="task">The model's task.</param>
    /// <param name="scored">The scored data: the prepared label column and the trainer's output columns.</param>
    /// <param name="label">The label column as the evaluator reads it (Boolean, key or Single).</param>
    /// <param name="missingLabelColumn">A column whose missing values mark rows without a label (the binary label's key), or null for <paramref name="label"/>.</param>
    /// <param name="console">Where notes go.</param>
    /// <param name="dataName">How messages name the data.</param>
    /// <param name="noteSkipped">Whether to note rows left out for a missing label (train already said so).</param>
    public static Result Evaluate(MLContext ml, FeedForwardTask task, IDataView scored, string label, string? missingLabelColumn, CliConsole console,
        string dataName, bool noteSkipped = true)
    {
        (IDataView labelled, _, long rows) = WithLabel(ml, scored, missingLabelColumn ?? label, console, noteSkipped ? dataName : null);
        if (rows == 0)
        {
            throw CliException.Failure($"{dataName} has no labelled rows to evaluate on.");
        }

        IDataView measured = ml.Data.FilterRowsByMissingValues(labelled, "Score");
        long finite = DataViewValues.CountRows(measured);
        if (finite == 0)
        {
            throw CliException.Failure(string.Create(CultureInfo.InvariantCulture,
                $"every one of the {rows} rows of {dataName} scored NaN, so there are no metrics: its inputs overflow the network (values far outside the training data's range, such as 3e38?)."));
        }

        if (finite < rows)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dataName}: {rows - finite} of {rows} rows scored NaN (inputs far outside the training data's range, such as 3e38, overflow the network); the metrics leave them out"));
        }

        try
        {
            switch (task)
            {
                case FeedForwardTask.BinaryClassification:
                    BinaryClassificationMetrics binary = measured.Schema.GetColumnOrNull("Probability") is not null
                        ? ml.BinaryClassification.Evaluate(measured, label)
                        : ml.BinaryClassification.EvaluateNonCalibrated(measured, label);
                    return new Result(Metrics.ToJson(binary), finite, binary.ConfusionMatrix, measured);
                case FeedForwardTask.MulticlassClassification:
                    MulticlassClassificationMetrics multi = ml.MulticlassClassification.Evaluate(measured, label);
                    return new Result(Metrics.ToJson(multi), finite, multi.ConfusionMatrix, measured);
                default:
                    return new Result(Metrics.ToJson(ml.Regression.Evaluate(measured, label)), finite, null, measured);
            }
        }
        catch (ArgumentOutOfRangeException e) when (e.Message.Contains("AUC is not defined", StringComparison.Ordinal))
        {
            throw CliException.Failure($"{dataName} holds rows of only one of the two classes, so ML.NET's evaluator cannot measure the area under the ROC curve; evaluate on data with both classes.");
        }
    }

    /// <summary>The name of the per-epoch training metric.</summary>
    public static string EpochMetricName(FeedForwardTask task) => task == FeedForwardTask.Regression ? "mse" : "accuracy";

    /// <summary>How a task is described in sentences.</summary>
    public static string Describe(FeedForwardTask task) => task switch
    {
        FeedForwardTask.BinaryClassification => "binary classifier",
        FeedForwardTask.MulticlassClassification => "multiclass classifier",
        _ => "regression model",
    };

    /// <summary>The task as <c>--task</c> and <c>--json</c> write it.</summary>
    public static string Name(FeedForwardTask task) => task switch
    {
        FeedForwardTask.BinaryClassification => "binary",
        FeedForwardTask.MulticlassClassification => "multiclass",
        _ => "regression",
    };

    /// <summary>Writes <paramref name="json"/> as one line: the only thing a <c>--json</c> command prints on stdout.</summary>
    public static void WriteJson(TextWriter writer, JsonObject json) => writer.WriteLine(json.ToJsonString());

    /// <summary>
    /// <paramref name="data"/> without the rows whose label <paramref name="column"/> is missing (NaN, key 0; a column that
    /// cannot be missing, such as a Boolean, keeps every row), the rows it had and the rows kept; with
    /// <paramref name="noteFor"/>, a note on stderr says how many rows of it were skipped.
    /// </summary>
    internal static (IDataView Labelled, long Rows, long Kept) WithLabel(MLContext ml, IDataView data, string column, CliConsole console, string? noteFor)
    {
        IDataView labelled = data.Schema.GetColumnOrNull(column) is { } c && (c.Type is KeyDataViewType || c.Type == NumberDataViewType.Single || c.Type == NumberDataViewType.Double)
            ? ml.Data.FilterRowsByMissingValues(data, column)
            : data;
        long rows = DataViewValues.CountRows(data), kept = ReferenceEquals(labelled, data) ? rows : DataViewValues.CountRows(labelled);
        if (noteFor is not null && kept < rows)
        {
            console.Error.WriteLine($"{noteFor}: skipped {rows - kept} rows with a missing label");
        }

        return (labelled, rows, kept);
    }
}
