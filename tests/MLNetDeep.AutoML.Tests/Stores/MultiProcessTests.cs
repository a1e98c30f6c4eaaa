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

    private static Process Start(string dll, string storage, int trials, double timeout, int epochs, bool hang = false)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, storage, "study", I(trials), timeout.ToString(System.Globalization.CultureInfo.InvariantCulture), I(epochs), hang ? "hang" : "run" })
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [TestMethod]
    [TestCategory("Slow")]
    public Task ThreeWorkerProcessesShareAStudyAndAKilledWorkersTrialIsRequeued() => OwnThread.Run(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, $"multiprocess-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        ThreeWorkersOneKilled(db, () => new SqliteTrialStore(db));
    });

    [TestMethod]
    [TestCategory("Slow")]
    public Task ThreeWorkerProcessesShareAPostgresStudyAndAKilledWorkersTrialIsRequeued() => OwnThread.Run(() =>
    {
        string connection = PostgresServer.NewSchema("multiprocess");
        ThreeWorkersOneKilled($"postgres:{connection}", () => new PostgresTrialStore(connection));
    });

    /// <summary>
    /// A first worker process on the study (<paramref name="storage"/> as the worker takes it) blocks after its first
    /// trial's first epoch and says so; it is killed there with SIGKILL, mid-trial. Two more workers finish the study,
    /// running the killed trial again once its heartbeat is older than the timeout.
    /// </summary>
    private static void ThreeWorkersOneKilled(string storage, Func<ITrialStore> open)
    {
        const int trials = 9;
        string dll = WorkerPath();
        var workers = new List<Process>();
        try
        {
            Process victim = Start(dll, storage, trials, timeout: 2, epochs: 30, hang: true);
            workers.Add(victim);
            int killedTrial = BlockedTrial(victim);
            victim.Kill();
            victim.WaitForExit();
            Assert.AreEqual(TrialStatus.Running, open().GetTrials("study")[killedTrial].Status, "the victim died mid-trial");

            workers.AddRange(Enumerable.Range(0, 2).Select(_ => Start(dll, storage, trials, timeout: 2, epochs: 30)));
            foreach (Process w in workers.Skip(1))
            {
                Task<string> output = OwnThread.Run(w.StandardOutput.ReadToEnd), error = OwnThread.Run(w.StandardError.ReadToEnd);
                Assert.IsTrue(w.WaitForExit(TimeSpan.FromMinutes(3)), "the surviving workers finish the study");
                string text = output.Result + error.Result;
                Assert.AreEqual(0, w.ExitCode, text);
                Assert.IsFalse(text.Contains("database is locked", StringComparison.OrdinalIgnoreCase), text);
            }

            var all = open().GetTrials("study");
            CollectionAssert.AreEqual(Enumerable.Range(0, trials).ToArray(), all.Select(t => t.TrialId).ToArray(), "every trial exactly once");
            Assert.IsTrue(all.All(t => t.Status == TrialStatus.Completed), string.Join(", ", all.Select(t => $"{t.TrialId}:{t.Status}:{t.Error}")));
            TrialRecord killed = all[killedTrial];
            Assert.AreEqual(2, killed.Attempts, "the killed worker's trial was re-queued and run again");
            Assert.AreNotEqual($"worker-{victim.Id}", killed.WorkerId, "by another worker");
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

    /// <summary>Reads the worker's output until it says it is blocked in a trial; returns the trial.</summary>
    private static int BlockedTrial(Process worker)
    {
        const string Blocked = "blocked in trial ";
        while (worker.StandardOutput.ReadLine() is string line)
        {
            if (line.StartsWith(Blocked, StringComparison.Ordinal))
            {
                return int.Parse(line[Blocked.Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Assert.Fail($"the worker exited ({worker.ExitCode}) before blocking: {worker.StandardError.ReadToEnd()}");
        return -1;
    }
}
