namespace MLNetDeep.Cli.Output;

using System.Globalization;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// The progress of <c>mlnetdeep tune</c>: one line on stderr per finished trial (id, parameters briefly, the metric,
/// the duration, the best so far, earlier runs' trials included); pruned and failed trials get a line too, and so does a
/// wait for another worker's trial. The experiment serializes the calls.
/// </summary>
internal sealed class TuneProgress(TextWriter error, string metricName) : ISweepMonitor
{
    private (int Id, double Loss, double Metric)? _best;

    /// <inheritdoc/>
    public void ReportRunningTrial(SweepTrialSettings settings)
    {
    }

    /// <inheritdoc/>
    public void ReportCompletedTrial(SweepTrialResult result)
    {
        int id = result.TrialSettings.TrialId;
        string seconds = (result.DurationInMilliseconds / 1000).ToString("F2", CultureInfo.InvariantCulture);
        if (result.Status != TrialStatus.Completed)
        {
            error.WriteLine($"trial {id} {result.Status.ToString().ToLowerInvariant()} after {result.Curve.Count} epochs  {Brief(result.TrialSettings.Parameters)}  {seconds} s{BestText()}");
            return;
        }

        Consider(id, result.Loss, result.Metric);
        error.WriteLine($"trial {id}  {Brief(result.TrialSettings.Parameters)}  {metricName} {Format(result.Metric)}  {seconds} s{BestText()}");
    }

    /// <inheritdoc/>
    public void ReportBestTrial(SweepTrialResult result) => Consider(result.TrialSettings.TrialId, result.Loss, result.Metric);

    /// <inheritdoc/>
    public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null) =>
        error.WriteLine($"trial {settings.TrialId} failed: {(exception?.Message ?? "unknown error").ReplaceLineEndings(" ")}  {Brief(settings.Parameters)}{BestText()}");

    /// <inheritdoc/>
    public void ReportWaiting(SweepWait wait) => error.WriteLine(wait.ToString());

    /// <summary>A point as <c>name=value</c> pairs, numbers as <see cref="Short"/> writes them; the fixed trainer flags (said once, before the trials) left out.</summary>
    public static string Brief(SweepParameters parameters) =>
        string.Join(" ", parameters.Where(p => !p.Key.StartsWith(Commands.TuneCommand.FixedPrefix, StringComparison.Ordinal)).Select(p => $"{p.Key}={Value(p.Value)}"));

    /// <summary>
    /// A number to 3 significant digits, except one in (0.9, 1): to 3 significant digits of its distance from 1, so that
    /// a beta of 0.99951 reads 0.99951, not 1 (a value the parameter cannot take).
    /// </summary>
    public static string Short(double value) => value is > 0.9 and < 1
        ? value.ToString("F" + Math.Min(15, (int)Math.Ceiling(-Math.Log10(1 - value)) + 2), CultureInfo.InvariantCulture).TrimEnd('0')
        : value.ToString("g3", CultureInfo.InvariantCulture); // 2.74e-05, as Python writes it

    private static string Value(object value) => value switch
    {
        double d => Short(d),
        float f => Short(f),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Format(double metric) => metric.ToString("0.####", CultureInfo.InvariantCulture);

    private void Consider(int id, double loss, double metric)
    {
        if (double.IsFinite(loss) && (_best is null || loss < _best.Value.Loss))
        {
            _best = (id, loss, metric);
        }
    }

    private string BestText() => _best is (int id, _, double metric) ? $"  | best {Format(metric)} (trial {id})" : "";
}
