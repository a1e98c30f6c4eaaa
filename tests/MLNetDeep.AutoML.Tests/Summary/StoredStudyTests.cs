namespace MLNetDeep.AutoML.Tests.Summary;

using System.Data.Common;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.AutoML.Tests.Stores;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Sweeps;
using Npgsql;

/// <summary><see cref="StoredStudy.Read"/> over a read-only store: a study looked at while a worker still runs a trial, with nothing created or written.</summary>
[TestClass]
public sealed class StoredStudyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task A_study_is_read_with_its_running_trial_and_the_read_only_store_creates_and_writes_nothing(string kind) => OwnThread.Run(() =>
    {
        string spec;
        if (kind == "sqlite")
        {
            string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, $"{TestContext.TestName}-{Environment.ProcessId}-{Environment.TickCount64}.db");
            spec = "sqlite:" + file;
            var missing = Assert.ThrowsExactly<Microsoft.Data.Sqlite.SqliteException>(() => TrialStores.Open(spec, readOnly: true));
            StringAssert.Contains(missing.Message, $"The trial store '{file}' cannot be opened: there is no such file");
            Assert.IsFalse(File.Exists(file), "a read-only open creates no file");
        }
        else
        {
            string connection = PostgresServer.NewSchema("readonly");
            spec = "postgres:" + connection;
            Assert.IsNull(StoredStudy.Read(TrialStores.Open(spec, readOnly: true), "s"), "no tables yet: no study");
            using var c = new NpgsqlConnection(connection);
            c.Open();
            using var regclass = new NpgsqlCommand("SELECT to_regclass('mlnetdeep_studies') IS NULL;", c);
            Assert.IsTrue((bool)regclass.ExecuteScalar()!, "a read-only open creates no table");
        }

        SweepSpace space = TestData.SmallSpace();
        ITrialStore writer = TrialStores.Open(spec);
        writer.OpenStudy(new StudyDefinition("s", space.Fingerprint, space.ToJson(), "Accuracy", "maximize") { Tuner = "random" });
        var curve = new[] { new EpochRecord(1, 0.5, 0.8, 0.6, 0.7, 0.01, 0.1) };
        for (int i = 0; i < 4; i++)
        {
            writer.CreateTrial("s", "w1", null, T0, id => new TrialProposal(space.Default.ToJson(), id));
        }

        writer.Finish("s", 0, "w1", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.3, Metric = 0.7, Curve = curve }, T0);
        writer.Finish("s", 1, "w1", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.2, Metric = 0.8, Curve = curve }, T0);
        writer.Release("s", 2, "w1");
        writer.ReportEpochs("s", 3, "w1", curve, T0.AddSeconds(1));

        ITrialStore reader = TrialStores.Open(spec, readOnly: true);
        StoredStudy study = StoredStudy.Read(reader, "s")!;
        Assert.AreEqual("random", study.Definition.Tuner);
        Assert.HasCount(4, study.Trials);
        Assert.AreEqual(2, study.Summary.Completed);
        Assert.AreEqual(2, study.Summary.Unfinished);
        Assert.AreEqual(1, study.Summary.Ranked[0].TrialId, "the lowest loss first");
        CollectionAssert.AreEqual(new[] { SweepTrialStatus.Completed, SweepTrialStatus.Completed, SweepTrialStatus.Unfinished, SweepTrialStatus.Running },
            study.History.Trials.Select(t => t.Status).ToArray(), "the queued trial is unfinished, the running one running");
        Assert.AreEqual(1, study.History.Best!.Id);
        Assert.AreEqual("Accuracy", study.History.MetricName);
        Assert.AreEqual(1, study.Trials[3].Curve.Count, "the running trial's curve so far");
        Assert.IsNull(StoredStudy.Read(reader, "other"));
        Assert.Throws<DbException>(() => reader.CreateTrial("s", "w2", null, T0, id => new TrialProposal(space.Default.ToJson(), id)), "the read-only store refuses writes");
        Assert.Throws<DbException>(() => reader.OpenStudy(new StudyDefinition("t", space.Fingerprint, space.ToJson(), "Accuracy", "maximize")));
        Assert.HasCount(4, writer.GetTrials("s"));
        Assert.IsNull(writer.GetStudy("t"));
    });

    /// <summary>
    /// A file an older version wrote lacks columns the store reads (the study's data fingerprint, seed and tuner, a
    /// trial's time-limit stops): read-only, they read as an older study's values (unknown, none), and the file is left
    /// as it was. (The first read-only open refused such a file, and every study from before the columns, until a tune
    /// run had added them.)
    /// </summary>
    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public Task A_read_only_open_of_an_older_store_reads_its_study_and_changes_nothing(string kind) => OwnThread.Run(() =>
    {
        var space = new SweepSpace().AddFloat("lr", 1e-4, 1, 0.01, ParameterScale.Log);
        string spec;
        Func<string> state;
        DbConnection c;
        if (kind == "sqlite")
        {
            string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, $"{TestContext.TestName}-{Environment.ProcessId}-{Environment.TickCount64}.db");
            spec = "sqlite:" + file;
            state = () => Convert.ToBase64String(File.ReadAllBytes(file));
            c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        }
        else
        {
            string connection = PostgresServer.NewSchema("older");
            spec = "postgres:" + connection;
            c = new NpgsqlConnection(connection);
            state = () =>
            {
                using var columns = c.CreateCommand();
                columns.CommandText = "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = current_schema();";
                return (string)columns.ExecuteScalar()!;
            };
        }

        using (c)
        {
            c.Open();
            string prefix = kind == "sqlite" ? "" : "mlnetdeep_";
            string real = kind == "sqlite" ? "REAL" : "double precision";
            foreach (string sql in (string[])[
                $"CREATE TABLE {prefix}studies(name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, space TEXT NOT NULL, metric TEXT NOT NULL, direction TEXT NOT NULL{(kind == "sqlite" ? "" : ", next_trial integer NOT NULL DEFAULT 0")});",
                $"""
                CREATE TABLE {prefix}trials(study TEXT NOT NULL, id INTEGER NOT NULL, parameters TEXT NOT NULL, seed INTEGER NOT NULL, status INTEGER NOT NULL,
                  curve TEXT NOT NULL DEFAULT '[]', loss {real}, metric {real}, duration_ms {real}, peak_memory_mb {real}, error TEXT,
                  worker TEXT, heartbeat_ms BIGINT, attempts INTEGER NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL, finished_ms BIGINT, PRIMARY KEY(study, id));
                """,
                $"INSERT INTO {prefix}studies(name, fingerprint, space, metric, direction) VALUES('s', '{space.Fingerprint}', '{space.ToJson()}', 'Accuracy', 'maximize');",
                $"INSERT INTO {prefix}trials(study, id, parameters, seed, status, loss, metric, attempts, created_ms, finished_ms) VALUES('s', 0, '{{\"lr\":0.01}}', 7, {(int)TrialStatus.Completed}, 0.1, 0.9, 1, 0, 1000);",
            ])
            {
                using var command = c.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }

            string before = state();
            StoredStudy study = StoredStudy.Read(TrialStores.Open(spec, readOnly: true), "s")!;
            Assert.IsNull(study.Definition.DataFingerprint);
            TrialRecord trial = study.Trials.Single();
            Assert.AreEqual((TrialStatus.Completed, 0.9, 7), (trial.Status, trial.Metric, trial.Seed));
            Assert.IsEmpty(trial.TimeLimitStops);
            Assert.AreEqual((1, 0), (study.Summary.Completed, study.Summary.Ranked[0].TrialId));
            Assert.AreEqual(before, state(), "read-only: the store is as it was");
        }
    });
}
