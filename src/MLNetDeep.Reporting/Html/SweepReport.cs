namespace MLNetDeep.Reporting.Html;

using System.Globalization;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Sweeps;

/// <summary>The section of a report about a hyperparameter sweep, from its plain <see cref="SweepHistory"/>.</summary>
public static class SweepReport
{
    /// <summary>
    /// Adds the sweep section: the trial counts, the optimization history, parallel coordinates, the metric against each
    /// parameter, the ranking (best first), the running trials (if any) and the parameter importances. A parameter with one possible value (a choice of
    /// one: a setting fixed for every trial) is said once, in a sentence, and left out of the charts and the ranking.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="history">The sweep.</param>
    /// <param name="rankedRows">The most trials the ranking lists. Default 50.</param>
    public static HtmlReport Add(HtmlReport report, SweepHistory history, int rankedRows = 50)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(history);
        string metric = history.MetricName;
        int Count(SweepTrialStatus s) => history.Trials.Count(t => t.Status == s);
        int running = Count(SweepTrialStatus.Running);
        report.AddSection(history.Study is null ? "Sweep" : $"Sweep: study '{history.Study}'", "sweep");
        report.AddParagraph(string.Create(CultureInfo.InvariantCulture,
            $"{history.Trials.Count} trials: {Count(SweepTrialStatus.Completed)} completed, {Count(SweepTrialStatus.Pruned)} pruned, {Count(SweepTrialStatus.Failed)} failed, {Count(SweepTrialStatus.Unfinished) + running} unfinished{(running > 0 ? $" ({running} running)" : "")}. Charts show the completed trials; the best has the lowest loss{(history.Best is { } best ? $" (trial {best.Id})" : "")}."));
        report.AddChart(SweepCharts.OptimizationHistory(history), $"{metric} of each completed trial and of the best trial so far.");
        SweepAxis[] fixedAxes = history.Axes.Where(SweepCharts.IsConstant).ToArray();
        if (fixedAxes.Length > 0)
        {
            report.AddParagraph($"The same in every trial: {string.Join(", ", fixedAxes.Select(a => $"{a.Name} = {a.Categories![0]}"))}.");
        }

        report.AddChart(SweepCharts.ParallelCoordinates(history), "Each trial as a line through its parameter values (axes on the search space's scales) to its metric; the best trial in red.");
        foreach (SweepAxis axis in history.Axes.Where(a => !SweepCharts.IsConstant(a)))
        {
            report.AddChart(SweepCharts.ParameterVsMetric(history, axis.Name));
        }

        var ranked = history.Completed.Where(t => t.Loss is double l && double.IsFinite(l)).OrderBy(t => t.Loss).ThenBy(t => t.Id).ToList();
        report.AddTable(["rank", "trial", metric, "loss", "seconds", "parameters"], ranked.Take(rankedRows).Select((t, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), t.Id.ToString(CultureInfo.InvariantCulture), Number(t.Metric), Number(t.Loss),
                (t.Seconds ?? 0).ToString("F1", CultureInfo.InvariantCulture),
                Parameters(history, t),
            ]), ranked.Count > rankedRows ? $"Ranking (the best {rankedRows} of {ranked.Count})" : "Ranking", "ranking");
        if (running > 0)
        {
            report.AddTable(["trial", "parameters"], history.Trials.Where(t => t.Status == SweepTrialStatus.Running).OrderBy(t => t.Id).Select(t => (IReadOnlyList<string>)
                [t.Id.ToString(CultureInfo.InvariantCulture), Parameters(history, t)]), "Running", "running");
        }

        if (history.Importance.Count > 0)
        {
            report.AddTable(["parameter", "importance"], history.Importance.Select(i => (IReadOnlyList<string>)[i.Key, i.Value.ToString("0.000", CultureInfo.InvariantCulture)]),
                "Parameter importance (share of the loss variance each explains alone; noisy with few trials)", "importance");
        }

        return report;
    }

    private static string Parameters(SweepHistory history, SweepTrial t) =>
        string.Join(" ", history.Axes.Where(a => t.Values.ContainsKey(a.Name) && !SweepCharts.IsConstant(a)).Select(a => $"{a.Name}={t.Values[a.Name].Text}"));

    private static string Number(double? value) => value is double v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}
