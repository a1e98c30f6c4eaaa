namespace MLNetDeep.AutoML.Stores;

using System.Data.Common;
using System.Text.Json;
using MLNetDeep.Neural.Training;

/// <summary>
/// The owner-checked trial updates both SQL stores run (heartbeat, epoch curve, finish, release): each is the SET clause
/// of <c>UPDATE ... WHERE study AND id AND status = Running AND worker = caller</c> plus its parameters. Only the
/// dialect's parameter marker differs (<c>$name</c> in SQLite, <c>@name</c> with bare parameter names in Npgsql).
/// </summary>
/// <param name="Marker">The marker before a parameter in SQL text: <c>'$'</c> or <c>'@'</c>.</param>
/// <param name="ParameterPrefix">What precedes a parameter's name when it is bound: <c>"$"</c> for SQLite, <c>""</c> for Npgsql.</param>
internal sealed record TrialUpdates(char Marker, string ParameterPrefix)
{
    /// <summary>The trial columns both stores select, in the order <see cref="ReadTrials"/> reads them.</summary>
    public const string TrialColumns =
        "study, id, parameters, seed, status, curve, loss, metric, duration_ms, peak_memory_mb, error, worker, heartbeat_ms, attempts, created_ms, finished_ms";

    /// <summary>The study columns both stores select, in the order <see cref="ReadStudy"/> reads them.</summary>
    public const string StudyColumns = "name, fingerprint, space, metric, direction, data_fingerprint, seed, tuner";

    /// <summary>The first row of a query selecting <see cref="StudyColumns"/> as a study, or null when there is none.</summary>
    public static StudyDefinition? ReadStudy(DbDataReader r) => !r.Read() ? null
        : new StudyDefinition(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))
        {
            DataFingerprint = r.IsDBNull(5) ? null : r.GetString(5),
            Seed = r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
            Tuner = r.IsDBNull(7) ? null : r.GetString(7),
        };

    /// <summary>The rows of a query selecting <see cref="TrialColumns"/>, as trial records (times stored as Unix milliseconds).</summary>
    public static List<TrialRecord> ReadTrials(DbDataReader r)
    {
        var list = new List<TrialRecord>();
        while (r.Read())
        {
            list.Add(new TrialRecord
            {
                Study = r.GetString(0),
                TrialId = r.GetInt32(1),
                ParametersJson = r.GetString(2),
                Seed = r.GetInt32(3),
                Status = (TrialStatus)r.GetInt32(4),
                Curve = JsonSerializer.Deserialize<List<EpochRecord>>(r.GetString(5)) ?? [],
                Loss = r.IsDBNull(6) ? null : r.GetDouble(6),
                Metric = r.IsDBNull(7) ? null : r.GetDouble(7),
                DurationInMilliseconds = r.IsDBNull(8) ? null : r.GetDouble(8),
                PeakMemoryInMegaByte = r.IsDBNull(9) ? null : r.GetDouble(9),
                Error = r.IsDBNull(10) ? null : r.GetString(10),
                WorkerId = r.IsDBNull(11) ? null : r.GetString(11),
                HeartbeatAt = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
                Attempts = r.GetInt32(13),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(14)),
                FinishedAt = r.IsDBNull(15) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(15)),
            });
        }

        return list;
    }

    /// <summary>A SET clause and its parameters.</summary>
    public readonly record struct Update(string Set, (string Name, object? Value)[] Values);

    public Update Heartbeat(DateTimeOffset now) =>
        new($"heartbeat_ms = {Marker}now", [P("now", now.ToUnixTimeMilliseconds())]);

    public Update Epochs(IReadOnlyList<EpochRecord> curve, DateTimeOffset now) =>
        new($"heartbeat_ms = {Marker}now, curve = {Marker}curve", [P("now", now.ToUnixTimeMilliseconds()), P("curve", JsonSerializer.Serialize(curve))]);

    public Update Finish(TrialOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status is not (TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned))
        {
            throw new ArgumentException($"A trial finishes as Completed, Failed or Pruned, not {outcome.Status}.", nameof(outcome));
        }

        char m = Marker;
        return new(
            $"status = {m}st, loss = {m}loss, metric = {m}metric, duration_ms = {m}dur, peak_memory_mb = {m}mem, error = {m}err, curve = {m}curve, finished_ms = {m}now, heartbeat_ms = {m}now",
            [P("st", (int)outcome.Status), P("loss", Finite(outcome.Loss)), P("metric", Finite(outcome.Metric)), P("dur", outcome.DurationInMilliseconds),
             P("mem", outcome.PeakMemoryInMegaByte), P("err", outcome.Error), P("curve", JsonSerializer.Serialize(outcome.Curve)), P("now", now.ToUnixTimeMilliseconds())]);
    }

    public Update Release() => new($"status = {Marker}q, worker = NULL, curve = '[]'", [P("q", (int)TrialStatus.Queued)]);

    /// <summary>The WHERE clause that makes an update owner-checked, and its parameters.</summary>
    public Update Owned(string study, int trialId, string workerId) =>
        new($"study = {Marker}s AND id = {Marker}id AND status = {Marker}running AND worker = {Marker}worker",
            [P("s", study), P("id", trialId), P("running", (int)TrialStatus.Running), P("worker", workerId)]);

    /// <summary>A metric as stored: null unless finite.</summary>
    public static object? Finite(double? v) => v is double d && double.IsFinite(d) ? d : null;

    private (string Name, object? Value) P(string name, object? value) => (ParameterPrefix + name, value);
}
