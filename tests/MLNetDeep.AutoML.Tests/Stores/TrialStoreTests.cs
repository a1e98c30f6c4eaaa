namespace MLNetDeep.AutoML.Tests.Stores;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Neural.Training;

[TestClass]
public sealed class TrialStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static StudyDefinition Study(string name, SweepSpace? space = null)
    {
        space ??= TestData.SmallSpace();
        return new StudyDefinition(name, space.Fingerprint, space.ToJson(), "Accuracy", "maximize");
    }

    private string TempFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{TestContext.TestName}-{Environment.ProcessId}-{Environment.TickCount64}.db");
    }

    /// <summary>A new empty store of the kind: memory, sqlite or postgres (inconclusive when PostgreSQL is not installed).</summary>
    private ITrialStore NewStore(string kind) => kind switch
    {
        "memory" => new InMemoryTrialStore(),
        "sqlite" => new SqliteTrialStore(TempFile()),
        "postgres" => new PostgresTrialStore(PostgresServer.NewSchema("store")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static TrialProposal P(int id) => new($"{{\"LearningRate\":0.01,\"HiddenUnits1\":{4 << (id % 3)}}}", 100 + id);

    [TestMethod]
    [DataRow("memory")]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task TrialsAreCreatedClaimedHeartbeatRequeuedAndFinishedByTheirOwner(string kind) => OwnThread.Run(() =>
    {
        ITrialStore store = NewStore(kind);
        string name = store.GetType().Name;
        store.OpenStudy(Study("s"));
        TrialRecord a = store.CreateTrial("s", "w1", 2, T0, P)!;
        TrialRecord b = store.CreateTrial("s", "w2", 2, T0, P)!;
        Assert.AreEqual(0, a.TrialId, name);
        Assert.AreEqual(1, b.TrialId, name);
        Assert.IsNull(store.CreateTrial("s", "w3", 2, T0, P), $"{name}: the trial limit holds");
        Assert.AreEqual(TrialStatus.Running, store.GetTrials("s")[0].Status);

        var curve = new[] { new EpochRecord(1, 0.5, 0.8, 0.6, 0.7, 0.01, 0.1) };
        Assert.IsTrue(store.ReportEpochs("s", 0, "w1", curve, T0.AddSeconds(1)), name);
        Assert.IsFalse(store.ReportEpochs("s", 0, "w2", curve, T0.AddSeconds(1)), $"{name}: only the owner reports");
        Assert.AreEqual(0.6, store.GetTrials("s")[0].Curve[0].ValidationLoss, name);
        Assert.IsTrue(store.Heartbeat("s", 1, "w2", T0.AddSeconds(5)), name);

        // w1 dies: its heartbeat is 1 s old at T0+12 s, w2's 5 s old; with a 10 s timeout only trial 0 is re-queued.
        Assert.AreEqual(1, store.RequeueStale("s", TimeSpan.FromSeconds(10), T0.AddSeconds(12)), name);
        TrialRecord q = store.GetTrials("s")[0];
        Assert.AreEqual(TrialStatus.Queued, q.Status, name);
        Assert.IsNull(q.WorkerId, name);
        Assert.AreEqual(0, q.Curve.Count, $"{name}: a re-queued trial starts its curve again");
        Assert.IsFalse(store.Heartbeat("s", 0, "w1", T0.AddSeconds(13)), $"{name}: the dead worker lost its claim");

        TrialRecord claimed = store.ClaimQueued("s", "w3", T0.AddSeconds(14))!;
        Assert.AreEqual(0, claimed.TrialId, name);
        Assert.AreEqual(2, claimed.Attempts, name);
        Assert.AreEqual(P(0).ParametersJson, claimed.ParametersJson, $"{name}: the same parameters run again");
        Assert.AreEqual(100, claimed.Seed, name);
        Assert.IsNull(store.ClaimQueued("s", "w4", T0.AddSeconds(14)), $"{name}: claimed once");

        Assert.IsFalse(store.Finish("s", 0, "w1", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.1, Metric = 0.9 }, T0.AddSeconds(15)), $"{name}: a stale worker cannot finish");
        Assert.IsTrue(store.Finish("s", 0, "w3", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.2, Metric = 0.8, DurationInMilliseconds = 12, PeakMemoryInMegaByte = 3, Curve = curve }, T0.AddSeconds(15)), name);
        Assert.IsTrue(store.Finish("s", 1, "w2", new TrialOutcome { Status = TrialStatus.Failed, Error = "boom" }, T0.AddSeconds(15)), name);
        var done = store.GetTrials("s");
        Assert.AreEqual(TrialStatus.Completed, done[0].Status, name);
        Assert.AreEqual(0.2, done[0].Loss, name);
        Assert.AreEqual("w3", done[0].WorkerId, name);
        Assert.AreEqual(12, done[0].DurationInMilliseconds, name);
        Assert.AreEqual(1, done[0].Curve.Count, name);
        Assert.AreEqual("boom", done[1].Error, name);
        Assert.IsFalse(store.Release("s", 1, "w2"), $"{name}: a finished trial is not re-queued");
    });

    /// <summary>A trial's time-limit stops are set by a release that gives them, and kept by other releases, stale re-queues and claims.</summary>
    [TestMethod]
    [DataRow("memory")]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task TimeLimitStopsAreKeptUntilAReleaseReplacesThem(string kind) => OwnThread.Run(() =>
    {
        ITrialStore store = NewStore(kind);
        string name = store.GetType().Name;
        store.OpenStudy(Study("s"));
        store.CreateTrial("s", "w1", null, T0, P);
        Assert.IsEmpty(store.GetTrials("s")[0].TimeLimitStops, name);
        Assert.IsTrue(store.Release("s", 0, "w1", [58.5]), name);
        CollectionAssert.AreEqual(new[] { 58.5 }, store.GetTrials("s")[0].TimeLimitStops.ToArray(), name);
        CollectionAssert.AreEqual(new[] { 58.5 }, store.ClaimQueued("s", "w2", T0)!.TimeLimitStops.ToArray(), $"{name}: a claim sees them");
        Assert.IsTrue(store.Release("s", 0, "w2"), name);
        store.ClaimQueued("s", "w3", T0);
        Assert.AreEqual(1, store.RequeueStale("s", TimeSpan.FromSeconds(10), T0.AddSeconds(11)), name);
        TrialRecord trial = store.GetTrials("s")[0];
        Assert.AreEqual((TrialStatus.Queued, 3), (trial.Status, trial.Attempts), name);
        CollectionAssert.AreEqual(new[] { 58.5 }, trial.TimeLimitStops.ToArray(), $"{name}: a cancellation's release and a dead worker's re-queue keep them");
    });

    [TestMethod]
    [DataRow("memory")]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task AChangedSearchSpaceIsRefusedOrForked(string kind) => OwnThread.Run(() =>
    {
        ITrialStore store = NewStore(kind);
        string name = store.GetType().Name;
        store.OpenStudy(Study("s"));
        Assert.AreEqual("s", store.OpenStudy(Study("s")).Name, $"{name}: same space reopens");
        SweepSpace changed = TestData.SmallSpace().AddBoolean("BatchNormalization");
        var e = Assert.ThrowsExactly<StudyMismatchException>(() => store.OpenStudy(Study("s", changed)), name);
        StringAssert.Contains(e.Message, "Study 's' exists", name);
        StringAssert.Contains(e.Message, changed.Fingerprint, name);
        StringAssert.Contains(e.Message, "fork", name);
        StudyDefinition fork = store.OpenStudy(Study("s", changed), forkOnMismatch: true);
        Assert.AreEqual(Study("s", changed).ForkName, fork.Name, name);
        Assert.AreEqual(e.ForkName, fork.Name, $"{name}: the exception names the fork");
        StringAssert.StartsWith(fork.Name, "s@", name);
        Assert.AreEqual(fork.Name, store.OpenStudy(Study("s", changed), forkOnMismatch: true).Name, $"{name}: the fork resumes too");
        Assert.AreEqual(TestData.SmallSpace().Fingerprint, store.GetStudy("s")!.Fingerprint, $"{name}: the original study is untouched");
    });

    /// <summary>Issue 14 #9: a study remembers its data, seed and tuner and refuses a resume with others, naming each difference.</summary>
    [TestMethod]
    [DataRow("memory")]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task OtherDataSeedOrTunerIsRefusedOrForked(string kind) => OwnThread.Run(() =>
    {
        ITrialStore store = NewStore(kind);
        string name = store.GetType().Name;
        StudyDefinition first = Study("s") with { DataFingerprint = "data-a", Seed = 1, Tuner = "tpe(startupTrials=10)" };
        store.OpenStudy(first);
        Assert.AreEqual(first, store.OpenStudy(first), $"{name}: the same run resumes");
        var e = Assert.ThrowsExactly<StudyMismatchException>(() => store.OpenStudy(first with { DataFingerprint = "data-b", Seed = 2, Tuner = "random" }), name);
        Assert.HasCount(3, e.Differences, name);
        StringAssert.Contains(e.Message, "its data has fingerprint data-a, this run's has data-b", name);
        StringAssert.Contains(e.Message, "it runs with seed 1, this run with seed 2", name);
        StringAssert.Contains(e.Message, "its tuner is tpe(startupTrials=10), this run's is random", name);
        Assert.AreEqual(first, store.GetStudy("s"), $"{name}: the study is untouched");
        StudyDefinition fork = store.OpenStudy(first with { Seed = 2 }, forkOnMismatch: true);
        Assert.AreEqual((first with { Seed = 2 }).ForkName, fork.Name, name);
        Assert.AreEqual(2, fork.Seed, name);
        Assert.AreNotEqual(fork.Name, (first with { Seed = 3 }).ForkName, $"{name}: forks of other seeds differ");
        Assert.AreEqual("s", store.OpenStudy(Study("s")).Name, $"{name}: a caller that does not say its data, seed or tuner is not refused for them");
    });

    /// <summary>A SQLite path that cannot be a store is refused naming the file and why; before, only "SQLite Error 14: 'unable to open database file'".</summary>
    [TestMethod]
    public Task ASqliteFileThatCannotBeAStoreIsRefusedNamingItAndWhy() => OwnThread.Run(() =>
    {
        string path = TempFile(), missing = Path.Combine(path + ".missing", "study.db");
        var e = Assert.ThrowsExactly<Microsoft.Data.Sqlite.SqliteException>(() => new SqliteTrialStore(missing));
        Assert.AreEqual($"The trial store '{missing}' cannot be opened: the folder {path}.missing does not exist (SQLite Error 14: 'unable to open database file')", e.Message);
        Directory.CreateDirectory(path + ".folder");
        e = Assert.ThrowsExactly<Microsoft.Data.Sqlite.SqliteException>(() => new SqliteTrialStore(path + ".folder"));
        StringAssert.StartsWith(e.Message, $"The trial store '{path}.folder' cannot be opened: it is a folder (");
        File.WriteAllText(path + ".csv", "x,y\n1,2\n");
        e = Assert.ThrowsExactly<Microsoft.Data.Sqlite.SqliteException>(() => new SqliteTrialStore(path + ".csv"));
        StringAssert.StartsWith(e.Message, $"The trial store '{path}.csv' cannot be opened: the file is not a SQLite database (");
        Assert.AreEqual("x,y\n1,2\n", File.ReadAllText(path + ".csv"), "left as it was");

        // Another program's database with a table of the same name: refused before anything is written to it.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE studies(id INTEGER, title TEXT);";
            cmd.ExecuteNonQuery();
        }

        e = Assert.ThrowsExactly<Microsoft.Data.Sqlite.SqliteException>(() => new SqliteTrialStore(path));
        Assert.AreEqual($"The trial store '{path}' cannot be opened: it holds a table 'studies' that is not a trial store's (it has no column 'fingerprint'); give another file.", e.Message);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT group_concat(name) FROM pragma_table_info('studies') UNION ALL SELECT group_concat(name) FROM sqlite_master;";
            using var r = cmd.ExecuteReader();
            Assert.IsTrue(r.Read() && r.GetString(0) == "id,title" && r.Read() && r.GetString(0) == "studies", "its table keeps its columns; no table was added");
        }
    });

    /// <summary>
    /// A study file written before studies recorded their data, seed and tuner (and trials their time-limit stops) opens,
    /// and is then checked against them; its trials resume.
    /// </summary>
    [TestMethod]
    public Task ASqliteFileOfTheEarlierFormatGainsTheNewColumns() => OwnThread.Run(() =>
    {
        string path = TempFile();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                CREATE TABLE studies(name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, space TEXT NOT NULL, metric TEXT NOT NULL, direction TEXT NOT NULL);
                INSERT INTO studies VALUES('s', '{TestData.SmallSpace().Fingerprint}', '{TestData.SmallSpace().ToJson()}', 'Accuracy', 'maximize');
                CREATE TABLE trials(
                  study TEXT NOT NULL, id INTEGER NOT NULL, parameters TEXT NOT NULL, seed INTEGER NOT NULL, status INTEGER NOT NULL,
                  curve TEXT NOT NULL DEFAULT '[]', loss REAL, metric REAL, duration_ms REAL, peak_memory_mb REAL, error TEXT,
                  worker TEXT, heartbeat_ms INTEGER, attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, finished_ms INTEGER,
                  PRIMARY KEY(study, id));
                INSERT INTO trials(study, id, parameters, seed, status, attempts, created_ms) VALUES('s', 0, '{P(0).ParametersJson}', 100, {(int)TrialStatus.Queued}, 1, 0);
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new SqliteTrialStore(path);
        Assert.IsNull(store.GetStudy("s")!.Seed, "an old study knows no seed");
        StudyDefinition opened = store.OpenStudy(Study("s") with { DataFingerprint = "d", Seed = 4, Tuner = "random" });
        Assert.AreEqual(("d", 4, "random"), (opened.DataFingerprint, opened.Seed, opened.Tuner), "the first run of the new version records them");
        Assert.AreEqual(4, new SqliteTrialStore(path).GetStudy("s")!.Seed);
        Assert.ThrowsExactly<StudyMismatchException>(() => new SqliteTrialStore(path).OpenStudy(Study("s") with { DataFingerprint = "d", Seed = 5, Tuner = "random" }));
        Assert.IsEmpty(store.GetTrials("s")[0].TimeLimitStops, "an old trial was never stopped by a time limit");
        Assert.AreEqual(2, store.ClaimQueued("s", "w", T0)!.Attempts);
        Assert.IsTrue(store.Release("s", 0, "w", [61]));
        CollectionAssert.AreEqual(new[] { 61.0 }, store.GetTrials("s")[0].TimeLimitStops.ToArray());
    });

    /// <summary>PostgreSQL tables made before trials recorded their time-limit stops gain the column; their trials resume.</summary>
    [TestMethod]
    public Task PostgresTablesOfTheEarlierFormatGainTheNewColumn() => OwnThread.Run(() =>
    {
        string connection = PostgresServer.NewSchema("old");
        using (var c = new Npgsql.NpgsqlConnection(connection))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                CREATE TABLE mlnetdeep_studies(
                  name text PRIMARY KEY, fingerprint text NOT NULL, space text NOT NULL, metric text NOT NULL, direction text NOT NULL,
                  next_trial integer NOT NULL DEFAULT 0, data_fingerprint text, seed integer, tuner text);
                CREATE TABLE mlnetdeep_trials(
                  study text NOT NULL REFERENCES mlnetdeep_studies(name), id integer NOT NULL, parameters text NOT NULL, seed integer NOT NULL,
                  status integer NOT NULL, curve text NOT NULL DEFAULT '[]', loss double precision, metric double precision,
                  duration_ms double precision, peak_memory_mb double precision, error text, worker text, heartbeat_ms bigint,
                  attempts integer NOT NULL DEFAULT 0, created_ms bigint NOT NULL, finished_ms bigint,
                  PRIMARY KEY(study, id));
                INSERT INTO mlnetdeep_studies(name, fingerprint, space, metric, direction, next_trial) VALUES('s', 'f', 'x', 'Accuracy', 'maximize', 1);
                INSERT INTO mlnetdeep_trials(study, id, parameters, seed, status, attempts, created_ms) VALUES('s', 0, '{P(0).ParametersJson}', 100, {(int)TrialStatus.Queued}, 1, 0);
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new PostgresTrialStore(connection);
        Assert.IsEmpty(store.GetTrials("s")[0].TimeLimitStops);
        Assert.AreEqual(2, store.ClaimQueued("s", "w", T0)!.Attempts);
        Assert.IsTrue(store.Release("s", 0, "w", [61]));
        CollectionAssert.AreEqual(new[] { 61.0 }, store.GetTrials("s")[0].TimeLimitStops.ToArray());
    });

    [TestMethod]
    public Task ManyThreadsShareOneSqliteFileWithoutLockErrors() => OwnThread.Run(() =>
    {
        string path = TempFile();
        new SqliteTrialStore(path).OpenStudy(Study("s"));
        const int trials = 60;
        var finishedBy = new System.Collections.Concurrent.ConcurrentBag<int>();
        var threads = Enumerable.Range(0, 6).Select(w => new Thread(() =>
        {
            var store = new SqliteTrialStore(path); // one store object per thread, as separate processes would have
            string worker = $"t{w}";
            while (store.CreateTrial("s", worker, trials, T0, P) is TrialRecord r)
            {
                store.ReportEpochs("s", r.TrialId, worker, [new EpochRecord(1, 1, 0, null, null, 0.1, 0)], T0);
                store.Heartbeat("s", r.TrialId, worker, T0);
                Assert.IsTrue(store.Finish("s", r.TrialId, worker, new TrialOutcome { Status = TrialStatus.Completed, Loss = r.TrialId, Metric = 0 }, T0));
                finishedBy.Add(r.TrialId);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var all = new SqliteTrialStore(path).GetTrials("s");
        Assert.AreEqual(trials, all.Count);
        CollectionAssert.AreEqual(Enumerable.Range(0, trials).ToArray(), finishedBy.Order().ToArray(), "every trial created and finished exactly once");
        Assert.IsTrue(all.All(t => t.Status == TrialStatus.Completed && t.Attempts == 1));
    });

    [TestMethod]
    public Task ManyThreadsShareOnePostgresStudyAndEachTrialIsCreatedAndClaimedOnce() => OwnThread.Run(() =>
    {
        string connection = PostgresServer.NewSchema("threads");
        new PostgresTrialStore(connection).OpenStudy(Study("s"));
        const int trials = 60;
        var finishedBy = new System.Collections.Concurrent.ConcurrentBag<int>();
        var claimedBy = new System.Collections.Concurrent.ConcurrentBag<int>();
        var threads = Enumerable.Range(0, 6).Select(w => new Thread(() =>
        {
            var store = new PostgresTrialStore(connection); // one store object per thread, as separate processes would have
            string worker = $"t{w}";
            while (store.CreateTrial("s", worker, trials, T0, P) is TrialRecord r)
            {
                store.ReportEpochs("s", r.TrialId, worker, [new EpochRecord(1, 1, 0, null, null, 0.1, 0)], T0);
                Assert.IsTrue(store.Heartbeat("s", r.TrialId, worker, T0));
                if (r.TrialId % 3 == 0)
                {
                    Assert.IsTrue(store.Release("s", r.TrialId, worker), "every third trial goes back to the queue");
                    continue;
                }

                Assert.IsTrue(store.Finish("s", r.TrialId, worker, new TrialOutcome { Status = TrialStatus.Completed, Loss = r.TrialId, Metric = 0 }, T0));
                finishedBy.Add(r.TrialId);
            }

            // The limit is reached: drain the queue concurrently with the other threads.
            while (store.ClaimQueued("s", worker, T0.AddSeconds(1)) is TrialRecord q)
            {
                claimedBy.Add(q.TrialId);
                Assert.IsTrue(store.Finish("s", q.TrialId, worker, new TrialOutcome { Status = TrialStatus.Completed, Loss = q.TrialId, Metric = 0 }, T0.AddSeconds(2)));
                finishedBy.Add(q.TrialId);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var all = new PostgresTrialStore(connection).GetTrials("s");
        CollectionAssert.AreEqual(Enumerable.Range(0, trials).ToArray(), all.Select(t => t.TrialId).ToArray(), "ids 0..59 without gaps, the limit held");
        CollectionAssert.AreEqual(Enumerable.Range(0, trials).ToArray(), finishedBy.Order().ToArray(), "every trial finished exactly once");
        CollectionAssert.AreEqual(Enumerable.Range(0, trials).Where(i => i % 3 == 0).ToArray(), claimedBy.Order().ToArray(), "every released trial claimed exactly once");
        Assert.IsTrue(all.All(t => t.Status == TrialStatus.Completed && t.Attempts == (t.TrialId % 3 == 0 ? 2 : 1)));
    });

    [TestMethod]
    public Task ConcurrentPostgresStoresCreateTheSchemaAndOneStudyWithoutRacing() => OwnThread.Run(() =>
    {
        string connection = PostgresServer.NewSchema("schema");
        var opened = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() => opened.Add(new PostgresTrialStore(connection).OpenStudy(Study("s")).Name))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.AreEqual(8, opened.Count(n => n == "s"));
        Assert.IsNull(new PostgresTrialStore(connection).GetStudy("other"));
    });
}
