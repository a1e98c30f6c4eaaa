namespace MLNetDeep.Cli.Tests;

using System.Text.Json;
using System.Text.RegularExpressions;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Tests.Stores;
using MLNetDeep.Neural.Training;
using Npgsql;

/// <summary><c>mlnetdeep report --study</c>: a study's sweep report and summary from its store alone, read-only, also while a worker runs a trial.</summary>
[TestClass]
public sealed class StudyReportTests
{
    [TestMethod]
    public void Report_study_writes_the_sweep_report_and_summary_of_a_stored_study_and_changes_nothing()
    {
        string dir = TestData.NewFolder("report-study");
        string data = TestData.Binary(dir);
        string space = TestData.Write(dir, "space.json", TuneTests.TinySpace);
        string db = Path.Combine(dir, "study.db");
        JsonElement tuned = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random",
            "--trials", "4", "--model", Path.Combine(dir, "best.zip"), "--storage", "sqlite:" + db, "--study", "moons", "--json").Ok().Json();
        int bestTrial = tuned.GetProperty("best").GetProperty("trialId").GetInt32();

        // Another worker is training trial 4 of the study (written as a worker writes it, through the store).
        var store = new SqliteTrialStore(db);
        string parameters = tuned.GetProperty("best").GetProperty("parameters").GetRawText();
        Assert.AreEqual(4, store.CreateTrial("moons", "other-machine:7", null, DateTimeOffset.UtcNow, _ => new TrialProposal(parameters, 42))!.TrialId);
        Assert.IsTrue(store.ReportEpochs("moons", 4, "other-machine:7", [new EpochRecord(1, 0.7, 0.5, 0.69, 0.5, 0.01, 0.1), new EpochRecord(2, 0.6, 0.6, 0.62, 0.6, 0.01, 0.1)], DateTimeOffset.UtcNow));
        byte[] bytes = File.ReadAllBytes(db);
        DateTime written = File.GetLastWriteTimeUtc(db);

        string report = Path.Combine(dir, "study.html");
        CliResult run = CliRunner.Run("report", "--study", "moons", "--storage", "sqlite:" + db, "--out", report, "--json").Ok();
        JsonElement json = run.Json();
        Assert.AreEqual("moons", json.GetProperty("study").GetString());
        Assert.AreEqual(5, json.GetProperty("trials").GetInt32());
        Assert.AreEqual("""{"completed":4,"pruned":0,"failed":0,"running":1,"queued":0}""", json.GetProperty("status").GetRawText());
        Assert.AreEqual(bestTrial, json.GetProperty("best").GetProperty("trialId").GetInt32(), "the best trial tune saved");
        Assert.AreEqual(tuned.GetProperty("best").GetProperty("parameters").GetRawText(), json.GetProperty("best").GetProperty("parameters").GetRawText());
        Assert.IsTrue(json.GetProperty("best").GetProperty("metrics").TryGetProperty("Accuracy", out _));
        CollectionAssert.AreEquivalent(tuned.GetProperty("importance").EnumerateObject().Select(p => p.Name).ToArray(), json.GetProperty("importance").EnumerateObject().Select(p => p.Name).ToArray());

        string html = File.ReadAllText(report);
        Assert.Contains("Sweep: study &#39;moons&#39;", html);
        Assert.Contains($"5 trials: 4 completed, 0 pruned, 0 failed, 1 unfinished (1 running). Charts show the completed trials; the best has the lowest loss (trial {bestTrial}).", html);
        CollectionAssert.AreEqual(new[] { "optimization-history", "parallel-coordinates", "parameter", "parameter", "parameter", "loss", "loss" },
            Regex.Matches(html, "<svg [^>]*data-chart=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToArray(), "the sweep charts, then the best and the running trial's loss per epoch");
        Assert.AreEqual(4, Regex.Matches(html, "<path class=\"trial").Count, "a parallel-coordinates line per completed trial");
        Match ranking = Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline);
        Assert.AreEqual(4, Regex.Matches(ranking.Value, "<tr><td class=\"num\">").Count, "one row per completed trial");
        Assert.Contains($"<tr><td class=\"num\">1</td><td class=\"num\">{bestTrial}</td>", ranking.Value, "the best trial first");
        Assert.Contains("<table class=\"running\">", html);
        Assert.Contains("Trial 4 (seed 42) runs on worker other-machine:7, attempt 1: 2 epochs so far", html);
        Assert.Contains("<table class=\"best-parameters\">", html);
        Assert.Contains("<table class=\"importance\">", html);

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(db), "report --study writes nothing to the store");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(db));
        Assert.HasCount(5, store.GetTrials("moons"));
        Assert.AreEqual(TrialStatus.Running, store.GetTrials("moons")[4].Status, "the worker still owns its trial");

        // Without --json: the HTML and one line saying where it went.
        string second = Path.Combine(dir, "again.html");
        Assert.AreEqual($"Report on study 'moons' (5 trials) written to {second}.", CliRunner.Run("report", "--study", "moons", "--storage", "sqlite:" + db, "--out", second).Ok().Out.Trim());
    }

    [TestMethod]
    public void Report_study_errors_name_the_study_or_store_and_create_nothing()
    {
        string dir = TestData.NewFolder("report-study-errors");
        string data = TestData.Binary(dir);
        string space = TestData.Write(dir, "space.json", TuneTests.TinySpace);
        string db = Path.Combine(dir, "study.db");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--trials", "1",
            "--model", Path.Combine(dir, "best.zip"), "--storage", "sqlite:" + db).Ok();
        string report = Path.Combine(dir, "r.html");

        CliRunner.Run("report", "--study", "nope", "--storage", "sqlite:" + db, "--out", report).Fails(1, $"--study nope: there is no study 'nope' in --storage 'sqlite:{db}'.");
        string missing = Path.Combine(dir, "missing.db");
        CliRunner.Run("report", "--study", "default", "--storage", "sqlite:" + missing, "--json").Fails(1, $"--storage 'sqlite:{missing}': The trial store '{missing}' cannot be opened: there is no such file");
        Assert.IsFalse(File.Exists(missing), "no store is created");
        string refused = CliRunner.Run("report", "--study", "default", "--storage", "postgres:Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Timeout=1", "--json")
            .Fails(1, "--storage postgres:...: the trial store cannot be opened:");
        Assert.DoesNotContain("hunter2", refused);
        CliRunner.Run("report", "--study", "default", "--json").Fails(2, "--study default: give the study's --storage");
        CliRunner.Run("report", "--study", "default", "--storage", "memory", "--json").Fails(2, "--storage: memory keeps nothing after its run");
        CliRunner.Run("report", "--study", "default", "--storage", "sqlite:" + db).Fails(2, "give --out REPORT.html, --json or both");
        CliRunner.Run("report", "--study", "default", "--storage", "sqlite:" + db, "--data", data, "--json").Fails(2, "--data: a study's report reads only the store");
        CliRunner.Run("report", "--study", "default", "--storage", "sqlite:" + db, "--out", db).Fails(2, "--out");
        CliRunner.Run("report", "--model", Path.Combine(dir, "best.zip"), "--data", data, "--json").Fails(2, "--json: only with --study");
        Assert.IsFalse(File.Exists(report));

        // The default study of --storage, as tune's.
        Assert.AreEqual(1, CliRunner.Run("report", "--storage", "sqlite:" + db, "--json").Ok().Json().GetProperty("trials").GetInt32());
    }

    /// <summary>A PostgreSQL study (the throwaway server of the store tests): reported read-only; a schema without the tables holds no study and gets none.</summary>
    [TestMethod]
    public void Report_study_reads_a_postgres_study_and_creates_no_tables()
    {
        string connection = PostgresServer.NewSchema("report");
        string dir = TestData.NewFolder("report-study-postgres");
        CliRunner.Run("report", "--study", "s", "--storage", "postgres:" + connection, "--json").Fails(1, "--study s: there is no study 's' in --storage postgres:...");
        using (var c = new NpgsqlConnection(connection))
        {
            c.Open();
            using var regclass = new NpgsqlCommand("SELECT to_regclass('mlnetdeep_studies') IS NULL;", c);
            Assert.IsTrue((bool)regclass.ExecuteScalar()!, "report --study created no table");
        }

        string space = """{"parameters":[{"name":"LearningRate","type":"float","min":0.001,"max":0.1,"init":0.01,"scale":"Log"}]}""";
        var store = new PostgresTrialStore(connection);
        store.OpenStudy(new StudyDefinition("s", "f", space, "Accuracy", "maximize"));
        for (int i = 0; i < 3; i++)
        {
            store.CreateTrial("s", "w", null, DateTimeOffset.UtcNow, id => new TrialProposal($"{{\"LearningRate\":{0.01 * (id + 1)}}}", id));
        }

        store.Finish("s", 0, "w", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.4, Metric = 0.6 }, DateTimeOffset.UtcNow);
        store.Finish("s", 1, "w", new TrialOutcome { Status = TrialStatus.Completed, Loss = 0.1, Metric = 0.9 }, DateTimeOffset.UtcNow);
        string report = Path.Combine(dir, "pg.html");
        JsonElement json = CliRunner.Run("report", "--study", "s", "--storage", "postgres:" + connection, "--json", "--out", report).Ok().Json();
        Assert.AreEqual("""{"completed":2,"pruned":0,"failed":0,"running":1,"queued":0}""", json.GetProperty("status").GetRawText());
        Assert.AreEqual(1, json.GetProperty("best").GetProperty("trialId").GetInt32());
        Assert.Contains("3 trials: 2 completed, 0 pruned, 0 failed, 1 unfinished (1 running).", File.ReadAllText(report));
        Assert.AreEqual(TrialStatus.Running, store.GetTrials("s")[2].Status);
    }
}
