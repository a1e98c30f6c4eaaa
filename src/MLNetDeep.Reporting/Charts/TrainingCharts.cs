namespace MLNetDeep.Reporting.Charts;

using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;

/// <summary>
/// The pictures of a training run from its per-epoch history (a model's <see cref="FeedForwardModelInfo.History"/>, or the
/// engine's <see cref="TrainingResult.History"/>): loss and metric curves for training and validation, and the learning rate.
/// </summary>
public static class TrainingCharts
{
    /// <summary>
    /// Training and validation loss per epoch (<c>data-chart="loss"</c>; series <c>training loss</c> and, when the history
    /// has validation, <c>validation loss</c>).
    /// </summary>
    /// <param name="history">The epochs; an empty history gives an empty chart.</param>
    /// <param name="logY">Whether the loss axis is logarithmic (useful when the loss falls by decades).</param>
    public static string Loss(IReadOnlyList<EpochRecord> history, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Curves(history, "loss", "Loss per epoch", "loss", h => h.Loss, h => h.ValidationLoss, logY);
    }

    /// <summary>
    /// Training and validation metric per epoch (<c>data-chart="metric"</c>; series <c>training NAME</c> and
    /// <c>validation NAME</c>).
    /// </summary>
    /// <param name="history">The epochs.</param>
    /// <param name="metricName">The metric's name (<see cref="FeedForwardModelInfo.MetricName"/>: <c>accuracy</c> or <c>mse</c>).</param>
    public static string Metric(IReadOnlyList<EpochRecord> history, string metricName)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(metricName);
        return Curves(history, "metric", $"{Capitalize(metricName)} per epoch", metricName, h => h.Metric, h => h.ValidationMetric, false);
    }

    /// <summary>
    /// The learning rate per epoch (<c>data-chart="learning-rate"</c>): the schedule's planned rates (series
    /// <c>schedule NAME</c>, from <see cref="LearningRateSchedule.Preview"/>) and, when a history is given, the rates the
    /// run used (series <c>used</c>; they differ from the plan for reduce-on-plateau).
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="baseRate">alpha0, the options' learning rate.</param>
    /// <param name="epochs">The number of epochs to plan for; at least 1.</param>
    /// <param name="history">The run's epochs, or null.</param>
    /// <param name="logY">Whether the rate axis is logarithmic.</param>
    public static string LearningRate(LearningRateSchedule schedule, double baseRate, int epochs, IReadOnlyList<EpochRecord>? history = null, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        IReadOnlyList<double> planned = schedule.Preview(baseRate, epochs);
        var series = new List<ChartSeries>
        {
            new($"schedule {schedule.Name}", Enumerable.Range(1, planned.Count).Select(e => (double)e).ToArray(), planned),
        };
        if (history is { Count: > 0 })
        {
            series.Add(new ChartSeries("used", history.Select(h => (double)h.Epoch).ToArray(), history.Select(h => h.LearningRate).ToArray()));
        }

        return LineChart.Render(series, new ChartOptions
        {
            Kind = "learning-rate",
            Title = "Learning rate per epoch",
            XLabel = "epoch",
            YLabel = "learning rate",
            LogY = logY,
        });
    }

    private static string Curves(IReadOnlyList<EpochRecord> history, string kind, string title, string name,
        Func<EpochRecord, double> train, Func<EpochRecord, double?> validation, bool logY)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var series = new List<ChartSeries> { new($"training {name}", epochs, history.Select(train).ToArray()) };
        if (history.Any(h => validation(h) is not null))
        {
            series.Add(new ChartSeries($"validation {name}", epochs, history.Select(h => validation(h) ?? double.NaN).ToArray()));
        }

        return LineChart.Render(series, new ChartOptions { Kind = kind, Title = title, XLabel = "epoch", YLabel = name, LogY = logY });
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
