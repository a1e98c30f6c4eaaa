namespace MLNetDeep.Cli.LegacyTune;

using System.Globalization;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Legacy;

/// <summary>
/// The progress of <c>mlnetdeep tune</c>: one line on stderr per finished trial (id, parameters briefly, the metric,
/// the duration, the best so far); pruned and failed trials get a line too. The experiment serializes the calls.
/// </summary>
internal sealed class TuneProgress : IMonitor
{
    private readonly TextWriter _error;
    private readonly string _metricName;
    private (int Id, double Loss, double Metric)? _best;

    /// <summary>Writes to <paramref name="error"/>, naming the optimized metric <paramref name="metricName"/>.</summary>
    /// <param name="error">Where the lines go.</param>
    /// <param name="metricName">The optimized metric's name.</param>
    /// <param name="earlier">Trials of earlier runs of the study, so that "best so far" counts them.</param>
    public TuneProgress(TextWriter error, string metricName, IEnumerable<TrialRecord> earlier)
    {
        _error = error;
        _metricName = metricName;
        foreach (TrialRecord t in earlier)
        {
            if (t.Status == TrialStatus.Completed && t.Loss is double loss && double.IsFinite(loss))
            {
                Consider(t.TrialId, loss, t.Metric ?? double.NaN);
            }
        }
    }

    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings)
    {
    }

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result)
    {
        int id = result.TrialSettings.TrialId;
        string seconds = (result.DurationInMilliseconds / 1000).ToString("F2", CultureInfo.InvariantCulture);
        if (result.Status != TrialStatus.Completed)
        {
            _error.WriteLine($"trial {id} {result.Status.ToString().ToLowerInvariant()} after {result.Curve.Count} epochs  {Brief(result.TrialSettings.Parameters)}  {seconds} s{BestText()}");
            return;
        }

        Consider(result.TrialSettings.TrialId, result.Loss, result.Metric);
        _error.WriteLine($"trial {id}  {Brief(result.TrialSettings.Parameters)}  {_metricName} {Format(result.Metric)}  {seconds} s{BestText()}");
    }

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result) => Consider(result.TrialSettings.TrialId, result.Loss, result.Metric);

    /// <inheritdoc/>
    public void ReportFailTrial(TrialSettings settings, Exception? exception = null) =>
        _error.WriteLine($"trial {settings.TrialId} failed: {(exception?.Message ?? "unknown error").ReplaceLineEndings(" ")}  {Brief(settings.Parameters)}{BestText()}");

    /// <summary>A point as <c>name=value</c> pairs, numbers to 3 significant digits.</summary>
    public static string Brief(Parameter parameters) =>
        string.Join(" ", parameters.Select(p => $"{p.Key}={Value(p.Value)}"));

    private static string Value(object value) => value switch
    {
        double d => d.ToString("G3", CultureInfo.InvariantCulture),
        float f => f.ToString("G3", CultureInfo.InvariantCulture),
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
