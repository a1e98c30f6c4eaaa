namespace MLNetDeep.AutoML.Summary;

using System.Globalization;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Reporting.Sweeps;

/// <summary>
/// A study's records as MLNetDeep.Reporting's plain <see cref="SweepHistory"/>: each parameter of the search space as
/// an axis (log for log and power-of-two scales, categories for choices, ticks at the range's ends and middle), each
/// trial's values placed on them by the space's own unit mapping, and the importances of <see cref="StudySummary"/>.
/// </summary>
internal static class SweepHistoryBuilder
{
    public static SweepHistory Build(string study, string metricName, SweepSpace space, IReadOnlyList<TrialRecord> trials)
    {
        SweepAxis[] axes = space.Parameters.Select(Axis).ToArray();
        SweepTrial[] converted = trials.Select(t => Trial(space, t)).ToArray();
        StudySummary summary = StudySummary.Create(space, trials);
        return new SweepHistory(metricName, axes, converted)
        {
            Study = study,
            Importance = summary.Importance.Select(i => KeyValuePair.Create(i.Name, i.Importance)).ToArray(),
        };
    }

    private static SweepAxis Axis(SearchParameter p) => p switch
    {
        ChoiceParameter c => new SweepAxis(c.Name, false, c.Values.Select(v => new SweepTick(c.ToUnit(v), Text(v))).ToArray(), c.Values.Select(Text).ToArray()),
        _ => new SweepAxis(p.Name, p is FloatParameter { Scale: ParameterScale.Log } or IntParameter { Scale: ParameterScale.Log or ParameterScale.PowerOfTwo },
            new[] { 0.0, 0.5, 1.0 }.Select(u => new SweepTick(u, Text(p.FromUnit(u)))).ToArray()),
    };

    private static SweepTrial Trial(SweepSpace space, TrialRecord t)
    {
        var values = new Dictionary<string, SweepValue>(StringComparer.Ordinal);
        SweepParameters? parameters = Parse(space, t.ParametersJson);
        foreach (var (name, value) in parameters ?? new SweepParameters([]))
        {
            SearchParameter p = space[name];
            double number = p is ChoiceParameter c ? c.IndexOf(value) : Convert.ToDouble(value, CultureInfo.InvariantCulture);
            values[name] = new SweepValue(number, p.ToUnit(value), Text(value));
        }

        // Every status but queued (unfinished) has the same name in both enums.
        SweepTrialStatus status = t.Status == TrialStatus.Queued ? SweepTrialStatus.Unfinished : Enum.Parse<SweepTrialStatus>(t.Status.ToString());
        return new SweepTrial(t.TrialId, status, values) { Metric = t.Metric, Loss = t.Loss, Seconds = t.DurationInMilliseconds / 1000 };
    }

    /// <summary>The trial's point, or null when it does not fit the space (a trial of another space: shown without values).</summary>
    private static SweepParameters? Parse(SweepSpace space, string json)
    {
        try
        {
            return space.ParseParameter(json);
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or InvalidOperationException or System.Text.Json.JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Numbers to 3 significant digits (2.74e-05, as Python writes it), one in (0.9, 1) to 3 of its distance from 1 (a beta of 0.99955 is not "1"), as the CLI's trial lines.</summary>
    private static string Text(object? value) => value switch
    {
        double or float when Convert.ToDouble(value, CultureInfo.InvariantCulture) is > 0.9 and < 1 and double v =>
            v.ToString("F" + Math.Min(15, (int)Math.Ceiling(-Math.Log10(1 - v)) + 2), CultureInfo.InvariantCulture).TrimEnd('0'),
        double d => d.ToString("g3", CultureInfo.InvariantCulture),
        float f => f.ToString("g3", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        null => "null",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
