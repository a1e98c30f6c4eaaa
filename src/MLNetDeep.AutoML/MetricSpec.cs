namespace MLNetDeep.AutoML;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The metric an experiment optimizes: its name, direction, and how a trial's model is scored on validation data, by
/// one of ML.NET's evaluators (a metric by its property name on ML.NET's metrics classes) or by a user function.
/// </summary>
internal sealed class MetricSpec
{
    /// <summary>ML.NET's metrics that are errors or losses (lower is better); every other one is maximized.</summary>
    private static readonly HashSet<string> Minimized =
        [nameof(CalibratedBinaryClassificationMetrics.LogLoss), nameof(RegressionMetrics.MeanAbsoluteError), nameof(RegressionMetrics.MeanSquaredError),
         nameof(RegressionMetrics.RootMeanSquaredError), nameof(RegressionMetrics.LossFunction)];

    /// <summary>Properties that describe the data, not the model (the binary label's entropy) or need an argument (top-k): not optimizable.</summary>
    private static readonly HashSet<string> NotMetrics = [nameof(CalibratedBinaryClassificationMetrics.Entropy), nameof(MulticlassClassificationMetrics.TopKAccuracy)];

    private readonly Func<MLContext, ITransformer, IDataView, double> _evaluate;
    private readonly bool _custom;

    private MetricSpec(string name, bool higherIsBetter, Func<MLContext, ITransformer, IDataView, double> evaluate, bool custom)
    {
        Name = name;
        HigherIsBetter = higherIsBetter;
        _evaluate = evaluate;
        _custom = custom;
    }

    public string Name { get; }

    public bool HigherIsBetter { get; }

    /// <summary>"maximize" or "minimize" (what a study stores as its direction).</summary>
    public string Direction => HigherIsBetter ? "maximize" : "minimize";

    /// <summary>
    /// The metric of <paramref name="model"/> on <paramref name="validation"/> (not yet transformed). A NaN is refused
    /// (the trial fails, as Optuna fails a trial whose objective returns NaN): it ranks nowhere, so it is no result.
    /// </summary>
    public double Evaluate(MLContext context, ITransformer model, IDataView validation)
    {
        double metric = _evaluate(context, model, validation);
        return double.IsNaN(metric)
            ? throw new InvalidOperationException($"The metric '{Name}' is NaN on the validation data (a ratio of zero to zero, for instance), so the trial has no score.")
            : metric;
    }

    /// <summary>
    /// Lower is better: 1 - metric for the maximized ML.NET metrics (all bounded above by 1), -metric for a maximized
    /// custom metric, the metric itself otherwise.
    /// </summary>
    public double ToLoss(double metric) => !HigherIsBetter ? metric : _custom ? -metric : 1 - metric;

    /// <summary>The metrics <see cref="Binary"/> knows: ML.NET's binary classification metrics.</summary>
    public static IReadOnlyList<string> BinaryNames { get; } = Names(typeof(CalibratedBinaryClassificationMetrics));

    /// <summary>The metrics <see cref="Multiclass"/> knows.</summary>
    public static IReadOnlyList<string> MulticlassNames { get; } = Names(typeof(MulticlassClassificationMetrics));

    /// <summary>The metrics <see cref="Regression"/> knows.</summary>
    public static IReadOnlyList<string> RegressionNames { get; } = Names(typeof(RegressionMetrics));

    public static MetricSpec Binary(string metric, string label)
    {
        PropertyInfo property = Find(typeof(CalibratedBinaryClassificationMetrics), metric, BinaryNames, "binary classification");
        bool needsProbability = property.DeclaringType == typeof(CalibratedBinaryClassificationMetrics);
        return new(property.Name, !Minimized.Contains(property.Name), (c, model, data) =>
        {
            IDataView scored = model.Transform(data);
            bool calibrated = scored.Schema.GetColumnOrNull("Probability") is not null;
            if (needsProbability && !calibrated)
            {
                throw new InvalidOperationException($"{property.Name} needs a Probability column, and the model's output has none (a non-calibrated binary trainer); optimize another metric or calibrate the trainer.");
            }

            BinaryClassificationMetrics m = calibrated ? c.BinaryClassification.Evaluate(scored, label) : c.BinaryClassification.EvaluateNonCalibrated(scored, label);
            return Read(property, m);
        }, custom: false);
    }

    public static MetricSpec Multiclass(string metric, string label)
    {
        PropertyInfo property = Find(typeof(MulticlassClassificationMetrics), metric, MulticlassNames, "multiclass classification");
        return new(property.Name, !Minimized.Contains(property.Name),
            (c, model, data) => Read(property, c.MulticlassClassification.Evaluate(model.Transform(data), label)), custom: false);
    }

    public static MetricSpec Regression(string metric, string label)
    {
        PropertyInfo property = Find(typeof(RegressionMetrics), metric, RegressionNames, "regression");
        return new(property.Name, !Minimized.Contains(property.Name),
            (c, model, data) => Read(property, c.Regression.Evaluate(model.Transform(data), label)), custom: false);
    }

    public static MetricSpec Custom(string name, Func<MLContext, ITransformer, IDataView, double> metric, bool higherIsBetter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(metric);
        return new(name, higherIsBetter, metric, custom: true);
    }

    private static double Read(PropertyInfo property, object metrics) => (double)property.GetValue(metrics)!;

    private static string[] Names(Type metrics) => metrics.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(double) && !NotMetrics.Contains(p.Name)).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private static PropertyInfo Find(Type metrics, string name, IReadOnlyList<string> known, string task)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? match = known.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return match is null
            ? throw new ArgumentException($"'{name}' is not one of ML.NET's {task} metrics: {string.Join(", ", known)}.", nameof(name))
            : metrics.GetProperty(match, BindingFlags.Public | BindingFlags.Instance)!;
    }
}
