namespace MLNetDeep.AutoML.Tests.Stores;

using System.Diagnostics;
using MLNetDeep.AutoML.Stores;

[TestClass]
public sealed class MultiProcessTests
{
    private static string WorkerPath()
    {
        // tests/MLNetDeep.AutoML.Tests/bin/<Configuration>/net10.0 -> tests/MLNetDeep.AutoML.Worker/bin/<Configuration>/net10.0
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(here), configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string tests = Path.GetFullPath(Path.Combine(here, "..", "..", "..", ".."));
        string dll = Path.Combine(tests, "MLNetDeep.AutoML.Worker", "bin", configuration, framework, "MLNetDeep.AutoML.Worker.dll");
        Assert.IsTrue(File.Exists(dll), $"the worker is built at {dll}");
        return dll;
    }

    private static Process Start(string dll, string storage, int trials, double timeout, int epochs, int epochDelayMilliseconds)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, storage, "study", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.ToString(System.Globalization.CultureInfo.InvariantCulture), epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), epochDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void ThreeWorkerProcessesShareAStudyAndAKilledWorkersTrialIsRequeued()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, $"multiprocess-{Environment.ProcessId}-{Environment.TickCount64}.db");
        ThreeWorkersOneKilled(db, () => File.Exists(db) ? new SqliteTrialStore(db) : null);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void ThreeWorkerProcessesShareAPostgresStudyAndAKilledWorkersTrialIsRequeued()
    {
        string connection = PostgresServer.NewSchema("multiprocess");
        ThreeWorkersOneKilled($"postgres:{connection}", () => new PostgresTrialStore(connection));
    }

    /// <summary>
    /// Three worker processes on one study (<paramref name="storage"/> as the worker takes it); the first is killed with
    /// SIGKILL once it has reported an epoch; the others finish the study, re-running the killed trial after the timeout.
    /// </summary>
    private static void ThreeWorkersOneKilled(string storage, Func<ITrialStore?> open)
    {
        const int trials = 9;
        string dll = WorkerPath();
        // 60 epochs of 20 ms each: a trial runs for more than a second, so the kill below lands mid-trial (the training
        // itself takes milliseconds; without the delay a trial could finish between seeing it run and the kill).
        var workers = Enumerable.Range(0, 3).Select(_ => Start(dll, storage, trials, timeout: 2, epochs: 60, epochDelayMilliseconds: 20)).ToList();
        try
        {
            // Wait until the first worker is running a trial, then kill it mid-trial.
            Process victim = workers[0];
            string victimId = $"worker-{victim.Id}";
            int killedTrial = -1;
            var clock = Stopwatch.StartNew();
            while (killedTrial < 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                {
                    try
                    {
                        ITrialStore? store = open();
                        if (store?.GetStudy("study") is not null)
                        {
                            var running = store.GetTrials("study").FirstOrDefault(t => t.Status == TrialStatus.Running && t.WorkerId == victimId && t.Curve.Count >= 1);
                            if (running is not null)
                            {
                                victim.Kill();
                                victim.WaitForExit();
                                killedTrial = running.TrialId;
                            }
                        }
                    }
                    catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
                    {
                        // the schema is being created by a worker; look again
                    }
                }

                Thread.Sleep(20);
            }

            Assert.IsTrue(killedTrial >= 0, "the victim started a trial");
            foreach (Process w in workers.Skip(1))
            {
                Assert.IsTrue(w.WaitForExit(TimeSpan.FromSeconds(90)), "the surviving workers finish the study");
                string output = w.StandardOutput.ReadToEnd() + w.StandardError.ReadToEnd();
                Assert.AreEqual(0, w.ExitCode, output);
                Assert.IsFalse(output.Contains("database is locked", StringComparison.OrdinalIgnoreCase), output);
            }

            var all = open()!.GetTrials("study");
            CollectionAssert.AreEqual(Enumerable.Range(0, trials).ToArray(), all.Select(t => t.TrialId).ToArray(), "every trial exactly once");
            Assert.IsTrue(all.All(t => t.Status == TrialStatus.Completed), string.Join(", ", all.Select(t => $"{t.TrialId}:{t.Status}:{t.Error}")));
            TrialRecord killed = all[killedTrial];
            Assert.AreEqual(2, killed.Attempts, "the killed worker's trial was re-queued and run again");
            Assert.AreNotEqual(victimId, killed.WorkerId, "by another worker");
            Assert.IsTrue(all.Select(t => t.WorkerId).Distinct().Count() >= 2, "the work was shared");
        }
        finally
        {
            foreach (Process w in workers)
            {
                if (!w.HasExited)
                {
                    w.Kill();
                }

                w.Dispose();
            }
        }
    }
}
