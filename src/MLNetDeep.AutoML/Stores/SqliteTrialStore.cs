namespace MLNetDeep.AutoML.Stores;

using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MLNetDeep.Neural.Training;
using static MLNetDeep.AutoML.Stores.SqlTrialTables;

/// <summary>
/// An <see cref="ITrialStore"/> in one SQLite file, shared safely by the threads of a process and by several processes
/// on one machine (SQLite's locking is not reliable over network file systems: use PostgreSQL across machines).
/// </summary>
/// <remarks>
/// The file is in WAL mode (readers never block the writer); every connection sets <c>busy_timeout</c>, and every
/// operation is retried with a growing back-off when SQLite still answers SQLITE_BUSY or SQLITE_LOCKED, so concurrent
/// workers wait rather than fail with "database is locked". Creating and claiming trials run in <c>BEGIN IMMEDIATE</c>
/// transactions, which take the write lock up front: two workers can never claim the same trial or the same new id.
/// Ownership checks (status running and the same worker) are part of every update's WHERE clause.
/// </remarks>
public sealed class SqliteTrialStore : ITrialStore
{
    private const int BusyTimeoutMilliseconds = 5000;
    private const int MaxAttempts = 100;
    /// <summary>The columns older versions' files lack, added when the store opens them read-write: table, column, type, the value a read-only store reads instead.</summary>
    private static readonly (string Table, string Name, string Type, string Value)[] AddedColumns =
    [
        ("studies", "data_fingerprint", "TEXT", "NULL"), ("studies", "seed", "INTEGER", "NULL"), ("studies", "tuner", "TEXT", "NULL"),
        ("trials", "time_limit_stops", "TEXT NOT NULL DEFAULT '[]'", "'[]'"),
    ];

    private readonly SqlTrialTables Sql = new('$', "$", "studies", "trials");
    private readonly string _connectionString;

    /// <summary>Opens (creating when needed) the store in the SQLite file <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="readOnly">
    /// Open the file read-only (default false): it must exist and hold a trial store; nothing is created, altered or
    /// written, so every write method throws <see cref="SqliteException"/>. In WAL mode, readers never block the workers.
    /// </param>
    /// <exception cref="SqliteException">The file cannot be opened or is not a trial store: the message names the file and why (its folder is missing, it is a folder, it is not a SQLite database, it holds tables of another program; read-only: it does not exist, or holds no trial store).</exception>
    public SqliteTrialStore(string path, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        try
        {
            if (readOnly)
            {
                Sql = Sql with { Absent = Run(c => RefuseForeignTables(c) ? AbsentColumns(c) : throw new SqliteException("it holds no trial store (no tables 'studies' and 'trials').", 1)) };
            }
            else
            {
                Create();
            }
        }
        catch (SqliteException e)
        {
            string? why = e.SqliteErrorCode switch
            {
                14 when Directory.Exists(Path) => "it is a folder",
                14 when readOnly && !File.Exists(Path) => "there is no such file",
                14 when !Directory.Exists(System.IO.Path.GetDirectoryName(Path)) => $"the folder {System.IO.Path.GetDirectoryName(Path)} does not exist",
                26 => "the file is not a SQLite database",
                _ => null,
            };
            throw new SqliteException($"The trial store '{Path}' cannot be opened: {why ?? e.Message}{(why is null ? "" : $" ({e.Message.TrimEnd('.')})")}", e.SqliteErrorCode, e.SqliteExtendedErrorCode);
        }
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string Path { get; }

    private void Create() =>
        Run(c =>
        {
            RefuseForeignTables(c);
            Execute(c, null, "PRAGMA journal_mode=WAL;");
            Execute(c, null, """
                CREATE TABLE IF NOT EXISTS studies(
                  name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, space TEXT NOT NULL, metric TEXT NOT NULL, direction TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials(
                  study TEXT NOT NULL, id INTEGER NOT NULL, parameters TEXT NOT NULL, seed INTEGER NOT NULL, status INTEGER NOT NULL,
                  curve TEXT NOT NULL DEFAULT '[]', loss REAL, metric REAL, duration_ms REAL, peak_memory_mb REAL, error TEXT,
                  worker TEXT, heartbeat_ms INTEGER, attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, finished_ms INTEGER,
                  time_limit_stops TEXT NOT NULL DEFAULT '[]', PRIMARY KEY(study, id));
                """);
            AddColumns(c);
            return 0;
        });

    /// <inheritdoc/>
    public StudyDefinition OpenStudy(StudyDefinition study, bool forkOnMismatch = false)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Run(c =>
        {
            using SqliteTransaction tx = c.BeginTransaction(deferred: false);
            StudyDefinition opened = StudyOpener.Open(study, forkOnMismatch, name => Sql.ReadStudy(c, tx, name), s => Sql.InsertStudy(c, tx, s),
                s => Execute(c, tx, "UPDATE studies SET data_fingerprint = $df, seed = $seed, tuner = $t WHERE name = $n;",
                    ("$n", s.Name), ("$df", s.DataFingerprint), ("$seed", s.Seed), ("$t", s.Tuner)));
            tx.Commit();
            return opened;
        });
    }

    /// <inheritdoc/>
    public StudyDefinition? GetStudy(string name) => Run(c => Sql.ReadStudy(c, null, name));

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(string study) => Run(c => Sql.ReadTrials(c, null, "WHERE study = $s ORDER BY id", ("$s", study)));

    /// <inheritdoc/>
    public TrialRecord? CreateTrial(string study, string workerId, int? maxTrials, DateTimeOffset now, Func<int, TrialProposal> propose)
    {
        ArgumentNullException.ThrowIfNull(propose);
        return Run(c =>
        {
            using SqliteTransaction tx = c.BeginTransaction(deferred: false);
            _ = Sql.ReadStudy(c, tx, study) ?? throw StudyOpener.NoStudy(study);
            int count = Convert.ToInt32(Scalar(c, tx, "SELECT COUNT(*) FROM trials WHERE study = $s;", ("$s", study)), CultureInfo.InvariantCulture);
            if (maxTrials is int max && count >= max)
            {
                return null;
            }

            TrialRecord record = Sql.InsertTrial(c, tx, study, count, propose(count), workerId, now);
            tx.Commit();
            return record;
        });
    }

    /// <inheritdoc/>
    public TrialRecord? ClaimQueued(string study, string workerId, DateTimeOffset now) => Run(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction(deferred: false);
        object? id = Scalar(c, tx, "SELECT MIN(id) FROM trials WHERE study = $s AND status = $q;", ("$s", study), ("$q", (int)TrialStatus.Queued));
        if (id is null or DBNull)
        {
            return null;
        }

        Execute(c, tx, "UPDATE trials SET status = $r, worker = $w, heartbeat_ms = $now, attempts = attempts + 1, curve = '[]' WHERE study = $s AND id = $id;",
            ("$r", (int)TrialStatus.Running), ("$w", workerId), ("$now", now.ToUnixTimeMilliseconds()), ("$s", study), ("$id", id));
        TrialRecord record = Sql.ReadTrials(c, tx, "WHERE study = $s AND id = $id", ("$s", study), ("$id", id))[0];
        tx.Commit();
        return record;
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

    // SQLITE_BUSY / SQLITE_LOCKED despite busy_timeout (e.g. a lock upgrade in WAL): back off and retry the whole operation.
    private T Run<T>(Func<SqliteConnection, T> action) => SqlTrialTables.Run(() => new SqliteConnection(_connectionString),
        c => Execute(c, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};"), action,
        e => e is SqliteException { SqliteErrorCode: 5 or 6 }, MaxAttempts, 10);

    /// <summary>Refuses a file whose tables of the store's names another program made, before anything is written to it; true when it has the store's tables.</summary>
    private static bool RefuseForeignTables(SqliteConnection c)
    {
        bool found = true;
        foreach (var (table, column) in new[] { ("studies", "fingerprint"), ("trials", "parameters") })
        {
            HashSet<string> columns = Columns(c, table);
            if (columns.Count > 0 && !columns.Contains(column))
            {
                throw new SqliteException($"it holds a table '{table}' that is not a trial store's (it has no column '{column}'); give another file.", 1);
            }

            found &= columns.Count > 0;
        }

        return found;
    }

    /// <summary>Read-only: the columns of <see cref="AddedColumns"/> that a file an older version made lacks, with the value read instead.</summary>
    private static Dictionary<string, string> AbsentColumns(SqliteConnection c) =>
        AddedColumns.Where(a => !Columns(c, a.Table).Contains(a.Name)).ToDictionary(a => $"{a.Table}.{a.Name}", a => a.Value, StringComparer.Ordinal);

    /// <summary>Adds the columns a file made by an older version lacks (a concurrent process may add them first).</summary>
    private static void AddColumns(SqliteConnection c)
    {
        foreach (var (table, name, type, _) in AddedColumns)
        {
            if (Columns(c, table).Contains(name))
            {
                continue;
            }

            try
            {
                Execute(c, null, $"ALTER TABLE {table} ADD COLUMN {name} {type};");
            }
            catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // another process added it meanwhile
            }
        }
    }

    private static HashSet<string> Columns(SqliteConnection c, string table)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        using DbCommand info = Command(c, null, $"PRAGMA table_info({table});");
        using DbDataReader r = info.ExecuteReader();
        while (r.Read())
        {
            present.Add(r.GetString(1));
        }

        return present;
    }
}
