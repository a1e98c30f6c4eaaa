namespace MLNetDeep.AutoML.Stores;

using System.Data.Common;
using System.Text.Json;
using MLNetDeep.Neural.Training;

/// <summary>
/// What both SQL stores share, over ADO.NET's base classes: commands and their parameters, reading studies and trials,
/// and the trial updates (heartbeat, epoch curve, finish, release, re-queue), each the SET clause of an
/// <c>UPDATE</c> plus its parameters, with the WHERE clause that makes it owner-checked (study AND id AND
/// status = Running AND worker = caller) or picks the stale trials. Only the dialect's parameter marker (<c>$name</c>
/// in SQLite, <c>@name</c> with bare parameter names in Npgsql) and the table names differ.
/// </summary>
/// <param name="Marker">The marker before a parameter in SQL text: <c>'$'</c> or <c>'@'</c>.</param>
/// <param name="ParameterPrefix">What precedes a parameter's name when it is bound: <c>"$"</c> for SQLite, <c>""</c> for Npgsql.</param>
/// <param name="StudyTable">The table of the studies.</param>
/// <param name="TrialTable">The table of the trials.</param>
internal sealed record SqlTrialTables(char Marker, string ParameterPrefix, string StudyTable, string TrialTable)
{
    /// <summary>The trial columns both stores select, in the order <see cref="ReadTrials(DbCommand)"/> reads them.</summary>
    public const string TrialColumns =
        "study, id, parameters, seed, status, curve, loss, metric, duration_ms, peak_memory_mb, error, worker, heartbeat_ms, attempts, created_ms, finished_ms, time_limit_stops";

    /// <summary>The study columns both stores select, in the order <see cref="ReadStudy"/> reads them.</summary>
    public const string StudyColumns = "name, fingerprint, space, metric, direction, data_fingerprint, seed, tuner";

    /// <summary>
    /// Columns a store of an older version lacks, by <c>table.column</c>, each read as the SQL value given (a read-only
    /// store cannot add them); empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> Absent { get; init; } = new Dictionary<string, string>();

    /// <summary><paramref name="columns"/> of <paramref name="table"/> as a SELECT list, an <see cref="Absent"/> column as its value under its name.</summary>
    private string Select(string columns, string table) => Absent.Count == 0 ? columns
        : string.Join(", ", columns.Split(", ").Select(c => Absent.TryGetValue($"{table}.{c}", out string? value) ? $"{value} AS {c}" : c));

    /// <summary>The study named <paramref name="name"/>, or null when there is none.</summary>
    public StudyDefinition? ReadStudy(DbConnection c, DbTransaction? tx, string name)
    {
        using DbCommand cmd = Command(c, tx, $"SELECT {Select(StudyColumns, StudyTable)} FROM {StudyTable} WHERE name = {Marker}n;", P("n", name));
        using DbDataReader r = cmd.ExecuteReader();
        return !r.Read() ? null
            : new StudyDefinition(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))
            {
                DataFingerprint = r.IsDBNull(5) ? null : r.GetString(5),
                Seed = r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
                Tuner = r.IsDBNull(7) ? null : r.GetString(7),
            };
    }

    /// <summary>Inserts <paramref name="study"/> and returns it; <paramref name="onConflict"/> ends the statement (PostgreSQL's <c>ON CONFLICT (name) DO NOTHING</c>).</summary>
    public StudyDefinition InsertStudy(DbConnection c, DbTransaction? tx, StudyDefinition study, string onConflict = "")
    {
        char m = Marker;
        Execute(c, tx, $"INSERT INTO {StudyTable}({StudyColumns}) VALUES({m}n, {m}f, {m}sp, {m}m, {m}d, {m}df, {m}seed, {m}t){onConflict};",
            P("n", study.Name), P("f", study.Fingerprint), P("sp", study.SearchSpaceJson), P("m", study.Metric), P("d", study.Direction),
            P("df", study.DataFingerprint), P("seed", study.Seed), P("t", study.Tuner));
        return study;
    }

    /// <summary>Inserts trial <paramref name="id"/> of <paramref name="study"/>, running and claimed by <paramref name="workerId"/>, and returns its record.</summary>
    public TrialRecord InsertTrial(DbConnection c, DbTransaction tx, string study, int id, TrialProposal proposal, string workerId, DateTimeOffset now)
    {
        long ms = now.ToUnixTimeMilliseconds();
        char m = Marker;
        Execute(c, tx, $"""
            INSERT INTO {TrialTable}(study, id, parameters, seed, status, worker, heartbeat_ms, attempts, created_ms)
            VALUES({m}s, {m}id, {m}p, {m}seed, {m}status, {m}w, {m}now, 1, {m}now);
            """, P("s", study), P("id", id), P("p", proposal.ParametersJson), P("seed", proposal.Seed), P("status", (int)TrialStatus.Running), P("w", workerId), P("now", ms));
        return TrialRecord.Created(study, id, proposal, workerId, DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    /// <summary>The trials <paramref name="where"/> (a WHERE clause, perhaps with ORDER BY) selects.</summary>
    public List<TrialRecord> ReadTrials(DbConnection c, DbTransaction? tx, string where, params (string Name, object? Value)[] values) =>
        ReadTrials(Command(c, tx, $"SELECT {Select(TrialColumns, TrialTable)} FROM {TrialTable} {where};", values));

    /// <summary>The rows of <paramref name="cmd"/>, a query returning <see cref="TrialColumns"/>, as trial records (times stored as Unix milliseconds); disposes the command.</summary>
    public static List<TrialRecord> ReadTrials(DbCommand cmd)
    {
        using (cmd)
        {
            using DbDataReader r = cmd.ExecuteReader();
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
                    TimeLimitStops = JsonSerializer.Deserialize<List<double>>(r.GetString(16)) ?? [],
                });
            }

            return list;
        }
    }

    /// <summary>Runs <c>UPDATE</c> of the trials with the SET clause <paramref name="set"/> and the WHERE clause <paramref name="where"/>; returns how many rows changed.</summary>
    public int UpdateTrials(DbConnection c, Clause set, Clause where) =>
        Execute(c, null, $"UPDATE {TrialTable} SET {set.Sql} WHERE {where.Sql};", [.. set.Values, .. where.Values]);

    /// <summary>A SET or WHERE clause and its parameters.</summary>
    public readonly record struct Clause(string Sql, (string Name, object? Value)[] Values);

    public Clause Heartbeat(DateTimeOffset now) =>
        new($"heartbeat_ms = {Marker}now", [P("now", now.ToUnixTimeMilliseconds())]);

    public Clause Epochs(IReadOnlyList<EpochRecord> curve, DateTimeOffset now) =>
        new($"heartbeat_ms = {Marker}now, curve = {Marker}curve", [P("now", now.ToUnixTimeMilliseconds()), P("curve", JsonSerializer.Serialize(curve))]);

    public Clause Finish(TrialOutcome outcome, DateTimeOffset now)
    {
        TrialOutcome.CheckFinal(outcome);
        char m = Marker;
        return new(
            $"status = {m}st, loss = {m}loss, metric = {m}metric, duration_ms = {m}dur, peak_memory_mb = {m}mem, error = {m}err, curve = {m}curve, finished_ms = {m}now, heartbeat_ms = {m}now",
            [P("st", (int)outcome.Status), P("loss", Finite(outcome.Loss)), P("metric", Finite(outcome.Metric)), P("dur", outcome.DurationInMilliseconds),
             P("mem", outcome.PeakMemoryInMegaByte), P("err", outcome.Error), P("curve", JsonSerializer.Serialize(outcome.Curve)), P("now", now.ToUnixTimeMilliseconds())]);
    }

    /// <summary>Back to the queue, unclaimed and without a curve (and with <paramref name="timeLimitStops"/> when not null): the SET clause of a release and of a re-queue.</summary>
    public Clause Release(IReadOnlyList<double>? timeLimitStops = null) =>
        new($"status = {Marker}q, worker = NULL, curve = '[]', time_limit_stops = COALESCE({Marker}tl, time_limit_stops)",
            [P("q", (int)TrialStatus.Queued), P("tl", timeLimitStops is null ? null : JsonSerializer.Serialize(timeLimitStops))]);

    /// <summary>The WHERE clause that makes an update owner-checked, and its parameters.</summary>
    public Clause Owned(string study, int trialId, string workerId) =>
        new($"study = {Marker}s AND id = {Marker}id AND status = {Marker}running AND worker = {Marker}worker",
            [P("s", study), P("id", trialId), P("running", (int)TrialStatus.Running), P("worker", workerId)]);

    /// <summary>The WHERE clause of the running trials whose last heartbeat is older than <paramref name="timeout"/>.</summary>
    public Clause Stale(string study, TimeSpan timeout, DateTimeOffset now) =>
        new($"study = {Marker}s AND status = {Marker}r AND heartbeat_ms < {Marker}limit",
            [P("s", study), P("r", (int)TrialStatus.Running), P("limit", (now - timeout).ToUnixTimeMilliseconds())]);

    /// <summary>A metric as stored: null unless finite.</summary>
    public static object? Finite(double? v) => v is double d && double.IsFinite(d) ? d : null;

    /// <summary>
    /// Runs <paramref name="action"/> on a new connection from <paramref name="create"/>, opened and readied by
    /// <paramref name="prepare"/>; while it fails with an error <paramref name="transient"/> accepts, backs off (the attempt
    /// number times <paramref name="backOffMilliseconds"/>, at most 250 ms) and runs the whole operation again, up to
    /// <paramref name="maxAttempts"/> attempts in all.
    /// </summary>
    public static T Run<TConnection, T>(Func<TConnection> create, Action<TConnection> prepare, Func<TConnection, T> action,
        Func<Exception, bool> transient, int maxAttempts, int backOffMilliseconds)
        where TConnection : DbConnection
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using TConnection connection = create();
                connection.Open();
                prepare(connection);
                return action(connection);
            }
            catch (Exception e) when (transient(e) && attempt < maxAttempts)
            {
                Thread.Sleep(Math.Min(backOffMilliseconds * attempt, 250));
            }
        }
    }

    /// <summary>Runs <paramref name="sql"/>; returns how many rows it changed.</summary>
    public static int Execute(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] values)
    {
        using DbCommand cmd = Command(c, tx, sql, values);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/>; returns the first column of its first row (null without one).</summary>
    public static object? Scalar(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] values)
    {
        using DbCommand cmd = Command(c, tx, sql, values);
        return cmd.ExecuteScalar();
    }

    /// <summary>A command on <paramref name="c"/> in <paramref name="tx"/> with its parameters bound (null as <see cref="DBNull"/>).</summary>
    public static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] values)
    {
        DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in values)
        {
            DbParameter parameter = cmd.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(parameter);
        }

        return cmd;
    }

    private (string Name, object? Value) P(string name, object? value) => (ParameterPrefix + name, value);
}
