namespace MLNetDeep.Reporting.Html;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Scored data run through ML.NET's evaluator for the model's task: the metrics by their ML.NET names (every
/// <see cref="double"/> property of ML.NET's metrics object) and the confusion matrix of a classifier.
/// </summary>
internal sealed record ModelEvaluation(FeedForwardTask Task, string Evaluator, IReadOnlyDictionary<string, double> Metrics, ConfusionMatrix? Confusion)
{
    /// <summary>
    /// Evaluates <paramref name="scored"/>; null, with <paramref name="problem"/> saying why, when the task cannot be told
    /// from the output columns or ML.NET's evaluator refuses the data (a missing or mistyped label, say).
    /// </summary>
    public static ModelEvaluation? Evaluate(MLContext context, IDataView scored, string label, FeedForwardTask? task, out string? problem)
    {
        problem = null;
        task ??= TaskOf(scored.Schema);
        if (task is null)
        {
            problem = "the model's output has neither a Boolean or key PredictedLabel column nor a Single Score column, the columns ML.NET's evaluators read.";
            return null;
        }

        try
        {
            switch (task.Value)
            {
                case FeedForwardTask.BinaryClassification:
                    bool calibrated = scored.Schema.GetColumnOrNull("Probability") is not null;
                    BinaryClassificationMetrics binary = calibrated ? context.BinaryClassification.Evaluate(scored, label) : context.BinaryClassification.EvaluateNonCalibrated(scored, label);
                    return new ModelEvaluation(task.Value, calibrated ? "binary classification evaluator" : "non-calibrated binary classification evaluator", Read(binary), binary.ConfusionMatrix);
                case FeedForwardTask.MulticlassClassification:
                    MulticlassClassificationMetrics multi = context.MulticlassClassification.Evaluate(scored, label);
                    return new ModelEvaluation(task.Value, "multiclass classification evaluator", Read(multi), multi.ConfusionMatrix);
                default:
                    return new ModelEvaluation(task.Value, "regression evaluator", Read(context.Regression.Evaluate(scored, label)), null);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            problem = $"ML.NET's evaluator could not score the data with label column '{label}': {e.Message}";
            return null;
        }
    }

    /// <summary>The task ML.NET's output columns imply, or null.</summary>
    public static FeedForwardTask? TaskOf(DataViewSchema schema) => schema.GetColumnOrNull("PredictedLabel")?.Type switch
    {
        BooleanDataViewType => FeedForwardTask.BinaryClassification,
        KeyDataViewType => FeedForwardTask.MulticlassClassification,
        _ => schema.GetColumnOrNull("Score")?.Type == NumberDataViewType.Single ? FeedForwardTask.Regression : null,
    };

    private static Dictionary<string, double> Read(object metrics)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (PropertyInfo p in metrics.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(double)).OrderBy(p => p.MetadataToken))
        {
            if (p.Name != nameof(MulticlassClassificationMetrics.TopKAccuracy))
            {
                values[p.Name] = (double)p.GetValue(metrics)!;
            }
        }

        return values;
    }
}
