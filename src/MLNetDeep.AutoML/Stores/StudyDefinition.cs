namespace MLNetDeep.AutoML.Stores;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

/// <summary>
/// What identifies a study in a trial store: its name, its search space (canonical JSON and fingerprint), what it
/// optimizes and, when the experiment knows them, the data it is scored on, its seed and its tuner. Reopening a study
/// with any of these changed is refused (<see cref="StudyMismatchException"/>) unless the experiment forks it.
/// </summary>
/// <param name="Name">The study's name, unique in its store.</param>
/// <param name="Fingerprint">The search space's <see cref="SearchSpaces.SweepSpace.Fingerprint"/>.</param>
/// <param name="SearchSpaceJson">The search space's canonical JSON (<see cref="SearchSpaces.SweepSpace.ToJson"/>).</param>
/// <param name="Metric">The optimized metric's name, e.g. <c>Accuracy</c>.</param>
/// <param name="Direction"><c>maximize</c> or <c>minimize</c>: the metric's direction (losses are always minimized).</param>
public sealed record StudyDefinition(string Name, string Fingerprint, string SearchSpaceJson, string Metric, string Direction)
{
    /// <summary>
    /// A fingerprint of the data the trials are trained and scored on and of how it is split (validation set, hold-out
    /// fraction or folds); null when not known (a study written by an older version, or a caller that does not check).
    /// Default null.
    /// </summary>
    public string? DataFingerprint { get; init; }

    /// <summary>The experiment's seed (every trial's seed and the tuners' default seed derive from it); null when not known. Default null.</summary>
    public int? Seed { get; init; }

    /// <summary>The tuner and its settings, e.g. <c>tpe(startupTrials=10)</c>; null when not known. Default null.</summary>
    public string? Tuner { get; init; }

    /// <summary>
    /// The first 16 bytes of SHA-256, in lower-case hex, over everything that identifies the study but its name (space,
    /// metric, direction, data, seed, tuner): the suffix of a fork's name.
    /// </summary>
    public string Identity => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n",
        Fingerprint, Metric, Direction, DataFingerprint ?? "", Seed?.ToString(CultureInfo.InvariantCulture) ?? "", Tuner ?? ""))).AsSpan(0, 16));

    /// <summary>The name of the study a fork of this definition opens: <c>name@</c> and the first 8 characters of <see cref="Identity"/>.</summary>
    public string ForkName => $"{Name}@{Identity[..8]}";

    /// <summary>
    /// How <paramref name="requested"/> differs from this (stored) study, one phrase per difference; empty when it may
    /// resume it. A field this study does not know (null: an older version wrote it) or the request does not give is
    /// not compared.
    /// </summary>
    public IReadOnlyList<string> Differences(StudyDefinition requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var differences = new List<string>();
        if (Fingerprint != requested.Fingerprint)
        {
            differences.Add($"its search space has fingerprint {Fingerprint}, this run's has {requested.Fingerprint}{SpaceChanges(SearchSpaceJson, requested.SearchSpaceJson)}");
        }

        if (Metric != requested.Metric || Direction != requested.Direction)
        {
            differences.Add($"it optimizes {Metric} ({Direction}), this run {requested.Metric} ({requested.Direction})");
        }

        if (DataFingerprint is not null && requested.DataFingerprint is not null && DataFingerprint != requested.DataFingerprint)
        {
            differences.Add($"its data has fingerprint {DataFingerprint}, this run's has {requested.DataFingerprint} (the training or validation data, or how it is split, changed)");
        }

        if (Seed is int seed && requested.Seed is int other && seed != other)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"it runs with seed {seed}, this run with seed {other}"));
        }

        if (Tuner is not null && requested.Tuner is not null && Tuner != requested.Tuner)
        {
            differences.Add($"its tuner is {Tuner}, this run's is {requested.Tuner}");
        }

        return differences;
    }

    /// <summary>" (A added; B removed; C changed)": the parameters whose JSON differs between two spaces; empty when either is not a space's JSON.</summary>
    private static string SpaceChanges(string stored, string requested)
    {
        static Dictionary<string, string> Parameters(string json)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetRawText());
        }

        try
        {
            Dictionary<string, string> a = Parameters(stored), b = Parameters(requested);
            string[] changes =
            [
                .. new[] { (b.Keys.Except(a.Keys), "added"), (a.Keys.Except(b.Keys), "removed"), (a.Keys.Where(k => b.TryGetValue(k, out string? v) && v != a[k]), "changed") }
                    .Where(c => c.Item1.Any()).Select(c => $"{string.Join(", ", c.Item1)} {c.Item2}"),
            ];
            return changes.Length == 0 ? "" : $" ({string.Join("; ", changes)})";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return "";
        }
    }

    /// <summary>This study with the fields it does not know (null) taken from <paramref name="requested"/>.</summary>
    internal StudyDefinition Completed(StudyDefinition requested) => this with
    {
        DataFingerprint = DataFingerprint ?? requested.DataFingerprint,
        Seed = Seed ?? requested.Seed,
        Tuner = Tuner ?? requested.Tuner,
    };
}
