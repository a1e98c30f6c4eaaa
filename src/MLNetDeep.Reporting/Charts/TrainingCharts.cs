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
    /// The spread of the losses beyond which <see cref="Loss(IReadOnlyList{EpochRecord}, bool?)"/> draws a log axis: 100,
    /// two decades. On a linear axis from the largest loss, the losses below 1% of it share the bottom 1% of the plot
    /// (about 3 pixels), so the later epochs of a loss falling by decades (or a continued model's later runs) draw as a
    /// flat line; below that spread a linear axis still shows them.
    /// </summary>
    internal const double LogScaleRatio = 100;

    /// <summary>
    /// Training and validation loss per epoch (<c>data-chart="loss"</c>; series <c>training loss</c> and, when the history
    /// has validation, <c>validation loss</c>).
    /// </summary>
    /// <param name="history">The epochs; an empty history gives an empty chart.</param>
    /// <param name="logY">
    /// Whether the loss axis is logarithmic. Default null: logarithmic when the losses drawn are all positive and the
    /// largest is more than 100 times the smallest (two decades), linear otherwise.
    /// </param>
    public static string Loss(IReadOnlyList<EpochRecord> history, bool? logY = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Curves(history, "loss", "Loss per epoch", "loss", h => h.Loss, h => h.ValidationLoss, logY);
    }

    /// <summary>
    /// <see cref="Loss(IReadOnlyList{EpochRecord}, bool?)"/> of a model's training record: a continued model's earlier runs
    /// (<see cref="FeedForwardModelInfo.EarlierRuns"/>) and its own run on one epoch axis, with a dashed line where each
    /// later run began (<c>&lt;g class="x-marker" data-x="EPOCH" data-label="lr RATE"&gt;</c>, labelled with the run's
    /// learning rate and, when it did not start from the previous run's last epoch, the epoch whose weights it started from).
    /// </summary>
    /// <param name="info">The training record.</param>
    /// <param name="logY">Whether the loss axis is logarithmic; default null: logarithmic when the losses of every run drawn span more than two decades, as for a history.</param>
    public static string Loss(FeedForwardModelInfo info, bool? logY = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Curves(AllEpochs(info), "loss", "Loss per epoch", "loss", h => h.Loss, h => h.ValidationLoss, logY, Continuations(info));
    }

    /// <summary><see cref="Metric(IReadOnlyList{EpochRecord}, string)"/> of a model's training record, its earlier runs included as in <see cref="Loss(FeedForwardModelInfo, bool?)"/>.</summary>
    /// <param name="info">The training record.</param>
    public static string Metric(FeedForwardModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Curves(AllEpochs(info), "metric", $"{MetricTitle(info.MetricName)} per epoch", info.MetricName, h => h.Metric, h => h.ValidationMetric, false, Continuations(info));
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
        return Curves(history, "metric", $"{MetricTitle(metricName)} per epoch", metricName, h => h.Metric, h => h.ValidationMetric, false);
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
        return LearningRate(schedule, baseRate, epochs, history, logY, 0, []);
    }

    /// <summary>The learning-rate chart of a model's record: this run's schedule after its earlier runs' epochs, the rates every run used, and where each run began.</summary>
    internal static string LearningRate(LearningRateSchedule schedule, double baseRate, int epochs, FeedForwardModelInfo info, bool logY) =>
        LearningRate(schedule, baseRate, epochs, AllEpochs(info), logY, info.EarlierEpochs, Continuations(info));

    private static string LearningRate(LearningRateSchedule schedule, double baseRate, int epochs, IReadOnlyList<EpochRecord>? history, bool logY,
        int earlierEpochs, IReadOnlyList<(double X, string Label)> markers)
    {
        IReadOnlyList<double> planned = schedule.Preview(baseRate, epochs);
        var series = new List<ChartSeries>
        {
            new($"schedule {schedule.Name}", Enumerable.Range(earlierEpochs + 1, planned.Count).Select(e => (double)e).ToArray(), planned),
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
            XMarkers = markers,
        });
    }

    /// <summary>The earlier runs' epochs and this run's, numbered on one axis.</summary>
    private static EpochRecord[] AllEpochs(FeedForwardModelInfo info) =>
        [.. info.EarlierRuns.SelectMany(r => r.History), .. info.History.Select(e => e with { Epoch = info.EarlierEpochs + e.Epoch })];

    /// <summary>Where each run after the first recorded one began: its first epoch, labelled with its learning rate.</summary>
    private static (double X, string Label)[] Continuations(FeedForwardModelInfo info)
    {
        var runs = info.EarlierRuns.Select(r => (Start: r.History[0].Epoch, r.ModelEpoch, Rate: r.ChangedOptions.GetValueOrDefault("LearningRate"))).ToList();
        if (runs.Count > 0 && info.History.Count > 0)
        {
            runs.Add((info.EarlierEpochs + 1, 0, null));
        }

        return [.. runs.Skip(1).Select((run, i) => ((double)run.Start, $"lr {run.Rate ?? info.Options.GetValueOrDefault("LearningRate", "?")}"
            + (runs[i].ModelEpoch == run.Start - 1 ? "" : $", from epoch {runs[i].ModelEpoch}")))];
    }

    private static string Curves(IReadOnlyList<EpochRecord> history, string kind, string title, string name,
        Func<EpochRecord, double> train, Func<EpochRecord, double?> validation, bool? logY, IReadOnlyList<(double X, string Label)>? markers = null)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var series = new List<ChartSeries> { new($"training {name}", epochs, history.Select(train).ToArray()) };
        if (history.Any(h => validation(h) is not null))
        {
            series.Add(new ChartSeries($"validation {name}", epochs, history.Select(h => validation(h) ?? double.NaN).ToArray()));
        }

        double[] drawn = [.. series.SelectMany(s => s.Y).Where(double.IsFinite)];
        bool log = logY ?? (drawn.Length > 0 && drawn.Min() > 0 && drawn.Max() > LogScaleRatio * drawn.Min());
        return LineChart.Render(series, new ChartOptions { Kind = kind, Title = title, XLabel = "epoch", YLabel = MetricText(name), LogY = log, XMarkers = markers ?? [] });
    }

    /// <summary>A metric's name in a report's words: an abbreviation of up to 3 letters in capitals (<c>mse</c>: MSE), else as it is (accuracy).</summary>
    internal static string MetricText(string s) => s.Length <= 3 ? s.ToUpperInvariant() : s;

    private static string MetricTitle(string s) => MetricText(s) is { Length: > 0 } t ? char.ToUpperInvariant(t[0]) + t[1..] : s;
}
