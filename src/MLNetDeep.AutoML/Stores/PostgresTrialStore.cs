namespace MLNetDeep.AutoML.Stores;

using System.Data.Common;
using MLNetDeep.Neural.Training;
using Npgsql;
using static MLNetDeep.AutoML.Stores.SqlTrialTables;

/// <summary>
/// An <see cref="ITrialStore"/> in a PostgreSQL database, shared by any number of worker processes on any number of
/// machines: point them all at the same database and study name.
/// </summary>
/// <remarks>
/// <para>
/// The tables <c>mlnetdeep_studies</c> and <c>mlnetdeep_trials</c> are created on first use (<c>CREATE TABLE IF NOT
/// EXISTS</c> under a transaction-scoped advisory lock, so workers starting together do not race); put them in another
/// schema with the connection string's <c>Search Path</c>. The database user needs CREATE on that schema the first time.
/// </para>
/// <para>
/// Same semantics as <see cref="SqliteTrialStore"/>, the reference implementation. Trial ids come from a per-study counter
/// row (<c>next_trial</c>) locked with <c>SELECT ... FOR UPDATE</c> in the transaction that checks the trial limit, calls
/// the proposal factory and inserts the trial: ids are 0, 1, 2, ... without gaps (a failing proposal rolls the counter
/// back) and the limit holds under any concurrency. Queued trials are claimed with one
/// <c>UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING</c>, so two workers never claim the same trial
/// and never wait on each other. Ownership (status running and the same worker) is part of every update's WHERE clause.
/// Serialization failures and deadlocks (SQLSTATE 40001, 40P01) are retried a bounded number of times with a growing
/// back-off.
/// </para>
/// <para>
/// Times are the callers' <c>now</c> (Unix milliseconds), as in the SQLite store, not the database's clock: heartbeats
/// and <see cref="RequeueStale"/> compare the workers' clocks, so keep the machines' clocks synchronized (NTP) and the
/// heartbeat timeout well above their skew.
/// </para>
/// </remarks>
public sealed class PostgresTrialStore : ITrialStore
{
    /// <summary>The key of the advisory lock that guards schema creation (any fixed 64-bit number; "MLNDAUTO" in ASCII).</summary>
    private const long SchemaLockKey = 0x4D4C4E444155544F;
    private const int MaxAttempts = 10;
    private static readonly SqlTrialTables Sql = new('@', "", "mlnetdeep_studies", "mlnetdeep_trials");

    /// <summary>The columns older versions' tables lack, added by the schema step of a read-write store: table, column, the value a read-only store reads instead.</summary>
    private static readonly (string Table, string Name, string Value)[] AddedColumns =
        [("mlnetdeep_studies", "data_fingerprint", "NULL"), ("mlnetdeep_studies", "seed", "NULL"), ("mlnetdeep_studies", "tuner", "NULL"), ("mlnetdeep_trials", "time_limit_stops", "'[]'")];

    private readonly string _connectionString;
    private readonly bool _readOnly;
    private SqlTrialTables _reads = Sql;
    private readonly Lock _schemaLock = new();
    private volatile bool _schemaReady;

    /// <summary>
    /// Creates a store over the PostgreSQL database of <paramref name="connectionString"/> (Npgsql syntax, e.g.
    /// <c>Host=db;Database=automl;Username=worker;Password=...</c>). Nothing is opened until the first call.
    /// </summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="readOnly">
    /// Only read (default false): the tables are not created (a database without them holds no study) and every
    /// session is <c>default_transaction_read_only</c>, so the server refuses any write; no row is locked.
    /// </param>
    public PostgresTrialStore(string connectionString, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (readOnly)
        {
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        }

        _connectionString = builder.ConnectionString;
        _readOnly = readOnly;
    }

    /// <inheritdoc/>
    public StudyDefinition OpenStudy(StudyDefinition study, bool forkOnMismatch = false)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Run(c => StudyOpener.Open(study, forkOnMismatch, name => Sql.ReadStudy(c, null, name), s => InsertOrRead(c, s),
            s => Execute(c, null, """
                UPDATE mlnetdeep_studies SET data_fingerprint = COALESCE(data_fingerprint, @df), seed = COALESCE(seed, @seed), tuner = COALESCE(tuner, @t)
                WHERE name = @n;
                """, ("n", s.Name), ("df", s.DataFingerprint), ("seed", s.Seed), ("t", s.Tuner))));
    }

    /// <inheritdoc/>
    public StudyDefinition? GetStudy(string name)
    {
        try
        {
            return Run(c => _reads.ReadStudy(c, null, name));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // read-only, on a database where no study was ever opened
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(string study) => Run(c => _reads.ReadTrials(c, null, "WHERE study = @s ORDER BY id", ("s", study)));

    /// <inheritdoc/>
    public TrialRecord? CreateTrial(string study, string workerId, int? maxTrials, DateTimeOffset now, Func<int, TrialProposal> propose)
    {
        ArgumentNullException.ThrowIfNull(propose);
        return Run(c =>
        {
            using NpgsqlTransaction tx = c.BeginTransaction();
            object? next = Scalar(c, tx, "SELECT next_trial FROM mlnetdeep_studies WHERE name = @s FOR UPDATE;", ("s", study));
            if (next is null or DBNull)
            {
                throw StudyOpener.NoStudy(study);
            }

            int id = (int)next;
            if (maxTrials is int max && id >= max)
            {
                return null;
            }

            TrialRecord record = Sql.InsertTrial(c, tx, study, id, propose(id), workerId, now);
            Execute(c, tx, "UPDATE mlnetdeep_studies SET next_trial = @id + 1 WHERE name = @s;", ("s", study), ("id", id));
            tx.Commit();
            return record;
        });
    }

    /// <inheritdoc/>
    public TrialRecord? ClaimQueued(string study, string workerId, DateTimeOffset now) => Run(c =>
    {
        // One statement: the subquery locks the lowest queued trial that no other claim holds (SKIP LOCKED), the UPDATE
        // re-checks its status, so concurrent claims take different trials or none.
        List<TrialRecord> claimed = ReadTrials(Command(c, null, $"""
            UPDATE mlnetdeep_trials SET status = @r, worker = @w, heartbeat_ms = @now, attempts = attempts + 1, curve = '[]'
            WHERE study = @s AND status = @q AND id = (
              SELECT id FROM mlnetdeep_trials WHERE study = @s AND status = @q ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {TrialColumns};
            """, ("r", (int)TrialStatus.Running), ("w", workerId), ("now", now.ToUnixTimeMilliseconds()), ("s", study), ("q", (int)TrialStatus.Queued)));
        return claimed.Count == 0 ? null : claimed[0];
    });

    /// <inheritdoc/>
    public bool Heartbeat(string study, int trialId, string workerId, DateTimeOffset now) =>
        UpdateOwned(study, trialId, workerId, Sql.Heartbeat(now));

    /// <inheritdoc/>
    public bool ReportEpochs(string study, int trialId, string workerId, IReadOnlyList<EpochRecord> curve, DateTimeOffset now) =>
        UpdateOwned(study, trialId, workerId, Sql.Epochs(curve, now));

    /// <inheritdoc/>
    public bool Finish(string study, int trialId, string workerId, TrialOutcome outcome, DateTimeOffset now) =>
        UpdateOwned(study, trialId, workerId, Sql.Finish(outcome, now));

    /// <inheritdoc/>
    public bool Release(string study, int trialId, string workerId, IReadOnlyList<double>? timeLimitStops = null) =>
        UpdateOwned(study, trialId, workerId, Sql.Release(timeLimitStops));

    /// <inheritdoc/>
    public int RequeueStale(string study, TimeSpan timeout, DateTimeOffset now) =>
        Run(c => Sql.UpdateTrials(c, Sql.Release(), Sql.Stale(study, timeout, now)));

    private bool UpdateOwned(string study, int trialId, string workerId, Clause set) =>
        Run(c => Sql.UpdateTrials(c, set, Sql.Owned(study, trialId, workerId))) == 1;

    // A serialization failure or a deadlock rolled the transaction back as a whole: back off and run the whole operation again.
    private T Run<T>(Func<NpgsqlConnection, T> action) => SqlTrialTables.Run(() => new NpgsqlConnection(_connectionString), EnsureSchema, action,
        e => e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }, MaxAttempts, 20);

    private void EnsureSchema(NpgsqlConnection c)
    {
        if (_schemaReady)
        {
            return;
        }

        lock (_schemaLock)
        {
            if (_schemaReady)
            {
                return;
            }

            if (_readOnly)
            {
                // Nothing is created or altered: the columns tables of an older version lack are read as their values.
                _reads = Sql with { Absent = AbsentColumns(c) };
                _schemaReady = true;
                return;
            }

            // CREATE TABLE IF NOT EXISTS is not safe against itself (two sessions can both pass the check and one fails on
            // the catalog's unique index): the advisory lock makes concurrent workers take turns. One statement per command:
            // Npgsql sends a synchronous batch of several from a thread-pool task, which a starved pool would never run.
            using NpgsqlTransaction tx = c.BeginTransaction();
            foreach (string sql in (string[])[
                $"SELECT pg_advisory_xact_lock({SchemaLockKey});",
                """
                CREATE TABLE IF NOT EXISTS mlnetdeep_studies(
                  name text PRIMARY KEY, fingerprint text NOT NULL, space text NOT NULL, metric text NOT NULL, direction text NOT NULL,
                  next_trial integer NOT NULL DEFAULT 0);
                """,
                """
                CREATE TABLE IF NOT EXISTS mlnetdeep_trials(
                  study text NOT NULL REFERENCES mlnetdeep_studies(name), id integer NOT NULL, parameters text NOT NULL, seed integer NOT NULL,
                  status integer NOT NULL, curve text NOT NULL DEFAULT '[]', loss double precision, metric double precision,
                  duration_ms double precision, peak_memory_mb double precision, error text, worker text, heartbeat_ms bigint,
                  attempts integer NOT NULL DEFAULT 0, created_ms bigint NOT NULL, finished_ms bigint,
                  time_limit_stops text NOT NULL DEFAULT '[]', PRIMARY KEY(study, id));
                """,
                "CREATE INDEX IF NOT EXISTS mlnetdeep_trials_status ON mlnetdeep_trials(study, status, id);",
                "ALTER TABLE mlnetdeep_studies ADD COLUMN IF NOT EXISTS data_fingerprint text, ADD COLUMN IF NOT EXISTS seed integer, ADD COLUMN IF NOT EXISTS tuner text;",
                "ALTER TABLE mlnetdeep_trials ADD COLUMN IF NOT EXISTS time_limit_stops text NOT NULL DEFAULT '[]';",
            ])
            {
                Execute(c, tx, sql);
            }

            tx.Commit();
            _schemaReady = true;
        }
    }

    /// <summary>Read-only: the columns of <see cref="AddedColumns"/> that the existing tables lack, with the value read instead.</summary>
    private static Dictionary<string, string> AbsentColumns(NpgsqlConnection c)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (DbCommand cmd = Command(c, null, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN ('mlnetdeep_studies', 'mlnetdeep_trials');"))
        using (DbDataReader r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                tables.Add(r.GetString(0));
                present.Add($"{r.GetString(0)}.{r.GetString(1)}");
            }
        }

        // A table that does not exist holds no study (GetStudy answers null); only an existing table's missing columns are read around.
        return AddedColumns.Where(a => tables.Contains(a.Table) && !present.Contains($"{a.Table}.{a.Name}"))
            .ToDictionary(a => $"{a.Table}.{a.Name}", a => a.Value, StringComparer.Ordinal);
    }

    private static StudyDefinition InsertOrRead(NpgsqlConnection c, StudyDefinition study)
    {
        // Atomic without an explicit lock: of two workers creating the study at once, one inserts and both read its row.
        Sql.InsertStudy(c, null, study, " ON CONFLICT (name) DO NOTHING");
        return Sql.ReadStudy(c, null, study.Name)!;
    }
}
