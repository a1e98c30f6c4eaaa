namespace MLNetDeep.AutoML;

using MLNetDeep.Legacy.Data;

/// <summary>The metric an experiment optimizes: its name, direction, and how it is read from scored data.</summary>
internal sealed class MetricSpec
{
    private readonly Func<DeepContext, IDataView, double> _evaluate;

    private MetricSpec(string task, string name, bool higherIsBetter, string labelColumn, Func<DeepContext, IDataView, double> evaluate)
    {
        Task = task;
        Name = name;
        HigherIsBetter = higherIsBetter;
        LabelColumn = labelColumn;
        _evaluate = evaluate;
    }

    public string Task { get; }

    public string Name { get; }

    public bool HigherIsBetter { get; }

    public string LabelColumn { get; }

    /// <summary>"maximize" or "minimize" (what a study stores as its direction).</summary>
    public string Direction => HigherIsBetter ? "maximize" : "minimize";

    public double Evaluate(DeepContext context, IDataView scored) => _evaluate(context, scored);

    /// <summary>Lower is better: 1 - metric for the maximized metrics (all bounded above by 1), the metric itself otherwise.</summary>
    public double ToLoss(double metric) => HigherIsBetter ? 1 - metric : metric;

    public static MetricSpec Binary(BinaryClassificationMetric metric, string label) => new("BinaryClassification", metric.ToString(), metric != BinaryClassificationMetric.LogLoss, label, (c, d) =>
    {
        var m = c.BinaryClassification.Evaluate(d, label);
        return metric switch
        {
            BinaryClassificationMetric.Accuracy => m.Accuracy,
            BinaryClassificationMetric.AreaUnderRocCurve => m.AreaUnderRocCurve,
            BinaryClassificationMetric.F1Score => m.F1Score,
            _ => m.LogLoss,
        };
    });

    public static MetricSpec Multiclass(MulticlassClassificationMetric metric, string label) => new("MulticlassClassification", metric.ToString(), metric != MulticlassClassificationMetric.LogLoss, label, (c, d) =>
    {
        var m = c.MulticlassClassification.Evaluate(d, label);
        return metric switch
        {
            MulticlassClassificationMetric.MicroAccuracy => m.MicroAccuracy,
            MulticlassClassificationMetric.MacroAccuracy => m.MacroAccuracy,
            _ => m.LogLoss,
        };
    });

    public static MetricSpec Regression(RegressionMetric metric, string label) => new("Regression", metric.ToString(), metric == RegressionMetric.RSquared, label, (c, d) =>
    {
        var m = c.Regression.Evaluate(d, label);
        return metric switch
        {
            RegressionMetric.RSquared => m.RSquared,
            RegressionMetric.MeanSquaredError => m.MeanSquaredError,
            RegressionMetric.MeanAbsoluteError => m.MeanAbsoluteError,
            _ => m.RootMeanSquaredError,
        };
    });
}
