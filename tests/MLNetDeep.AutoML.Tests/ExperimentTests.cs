namespace MLNetDeep.AutoML.Tests;

using System.Diagnostics;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.Legacy.Data;
using static MLNetDeep.AutoML.Tests.TestData;

[TestClass]
public sealed class ExperimentTests
{
    public TestContext TestContext { get; set; } = null!;

    private static (DeepContext Context, IDataView Train, IDataView Validation) Data()
    {
        var context = new DeepContext(seed: 1);
        var split = context.Data.TrainTestSplit(Moons(context, 240, 3), 0.25, seed: 1);
        return (context, split.TrainSet, split.TestSet);
    }

    private static AutoMLExperiment Experiment(int epochs = 3, int epochDelayMilliseconds = 0)
    {
        var (context, train, validation) = Data();
        return context.Auto().CreateExperiment()
            .SetPipeline(t => Pipeline(t, epochs, epochDelayMilliseconds), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy)
            .SetRandomSearchTuner(seed: 1);
    }

    [TestMethod]
    public async Task AnExperimentWithoutLimitsRefusesToStart()
    {
        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Experiment().RunAsync());
        StringAssert.Contains(e.Message, "neither a time limit (SetTrainingTimeInSeconds) nor a trial limit (SetMaxModelToExplore)");
    }

    [TestMethod]
    public async Task RunsTheTrialLimitAndReturnsTheBestWithItsModel()
    {
        var monitor = new RecordingMonitor();
        AutoMLExperiment experiment = Experiment().SetMaxModelToExplore(4).SetMonitor(monitor);
        TrialResult best = await experiment.RunAsync();
        Assert.AreEqual(4, monitor.Running.Count);
        Assert.AreEqual(4, monitor.Completed.Count);
        Assert.IsTrue(monitor.Completed.All(r => r.Curve.Count == 3 && r.Curve.All(e => e.ValidationLoss is not null)), "per-epoch curves with validation loss");
        Assert.IsTrue(monitor.Best.Count >= 1);
        Assert.AreSame(best, monitor.Best[^1]);
        Assert.AreEqual(monitor.Completed.Min(r => r.Loss), best.Loss);
        Assert.AreEqual(1 - best.Metric, best.Loss, 1e-12, "accuracy's loss is 1 - accuracy");
        Assert.IsNotNull(best.Model);
        Assert.IsTrue(best.DurationInMilliseconds > 0 && best.PeakMemoryInMegaByte > 0);
        var trials = experiment.TrialStore!.GetTrials(experiment.Study!.Name);
        Assert.AreEqual(4, trials.Count);
        Assert.IsTrue(trials.All(t => t.Status == TrialStatus.Completed && t.Curve.Count == 3 && t.Metric is not null));
        var (context, _, validation) = Data();
        var metrics = context.BinaryClassification.Evaluate(best.Model!.Transform(validation));
        Assert.AreEqual(best.Metric, metrics.Accuracy, 1e-9, "the returned model is the one that was scored");
        Assert.AreEqual(2, StudySummary.Create(experiment.SearchSpace, trials).Importance.Count);
    }

    [TestMethod]
    public async Task AFailingTrialIsRecordedAndTheStudyGoesOn()
    {
        var (context, train, validation) = Data();
        var monitor = new RecordingMonitor();
        AutoMLExperiment experiment = context.Auto().CreateExperiment()
            .SetPipeline(t => t.Settings.TrialId == 1 ? throw new InvalidOperationException("trial one is broken") : Pipeline(t), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(3)
            .SetMonitor(monitor);
        TrialResult best = await experiment.RunAsync();
        Assert.AreNotEqual(1, best.TrialSettings.TrialId);
        Assert.AreEqual(1, monitor.Failed.Count);
        Assert.AreEqual(1, monitor.Failed[0].Settings.TrialId);
        Assert.AreEqual("trial one is broken", monitor.Failed[0].Error!.Message);
        Assert.AreEqual(2, monitor.Completed.Count);
        TrialRecord failed = experiment.TrialStore!.GetTrials(experiment.Study!.Name)[1];
        Assert.AreEqual(TrialStatus.Failed, failed.Status);
        Assert.AreEqual("InvalidOperationException: trial one is broken", failed.Error);
    }

    [TestMethod]
    public async Task CancellationStopsTheRunningTrialWithinABatchAndReturnsTheBestSoFar()
    {
        var (context, train, validation) = Data();
        using var cts = new CancellationTokenSource();
        var monitor = new CancellingMonitor(cts);
        AutoMLExperiment experiment = context.Auto().CreateExperiment()
            .SetPipeline(t => Pipeline(t, t.Settings.TrialId == 0 ? 2 : 100000), SmallSpace()) // trial 1 would train for hours
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(10)
            .SetMonitor(monitor);
        var clock = Stopwatch.StartNew();
        TrialResult best = await experiment.RunAsync(cts.Token);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(20), $"returned after {clock.Elapsed}");
        Assert.AreEqual(0, best.TrialSettings.TrialId);
        var trials = experiment.TrialStore!.GetTrials(experiment.Study!.Name);
        Assert.AreEqual(TrialStatus.Queued, trials[1].Status, "the cancelled trial goes back to the queue for a resumed run");
        Assert.AreEqual(2, trials.Count);
    }

    private sealed class CancellingMonitor(CancellationTokenSource cts) : IMonitor
    {
        public void ReportRunningTrial(TrialSettings settings)
        {
            if (settings.TrialId == 1)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(300));
            }
        }

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }
    }

    [TestMethod]
    public async Task CancelledBeforeAnyTrialCompletedThrows()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => Experiment().SetMaxModelToExplore(2).RunAsync(cts.Token));
    }

    [TestMethod]
    public async Task TheTimeLimitStopsTheRun()
    {
        var clock = Stopwatch.StartNew();
        TrialResult best = await Experiment(epochs: 2).SetTrainingTimeInSeconds(2).RunAsync();
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(15), $"returned after {clock.Elapsed}");
        Assert.IsNotNull(best.Model);
    }

    [TestMethod]
    public async Task ParallelTrialsRunAtOnce()
    {
        var monitor = new RecordingMonitor();
        // 25 ms per epoch: each trial lasts about 100 ms, so three at once must overlap (a fresh-clone run once finished
        // every trial before the next started).
        AutoMLExperiment experiment = Experiment(epochs: 4, epochDelayMilliseconds: 25).SetMaxModelToExplore(6).SetParallelism(3).SetMonitor(monitor);
        await experiment.RunAsync();
        Assert.AreEqual(6, monitor.Completed.Count);
        Assert.IsTrue(monitor.MaxConcurrent >= 2, $"at most {monitor.MaxConcurrent} at once");
        Assert.IsTrue(monitor.MaxConcurrent <= 3);
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).ToArray(), experiment.TrialStore!.GetTrials(experiment.Study!.Name).Select(t => t.TrialId).ToArray());
    }

    [TestMethod]
    public async Task AStudyResumesAndRefusesAChangedSpace()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"resume-{Environment.ProcessId}-{Environment.TickCount64}.db");
        await Experiment().SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync();
        var monitor = new RecordingMonitor();
        TrialResult best = await Experiment().SetMaxModelToExplore(4).SetTrialStore(new SqliteTrialStore(path), "study").SetMonitor(monitor).RunAsync();
        CollectionAssert.AreEqual(new[] { 2, 3 }, monitor.Running.Select(s => s.TrialId).ToArray(), "only the missing trials run");
        var trials = new SqliteTrialStore(path).GetTrials("study");
        Assert.AreEqual(4, trials.Count);
        Assert.AreEqual(trials.Where(t => t.Loss is not null).Min(t => t.Loss!.Value), best.Loss, "the best is over the whole study");

        var changed = SmallSpace().AddBoolean(FeedForwardSearchSpace.BatchNormalization);
        var e = await Assert.ThrowsExactlyAsync<StudyMismatchException>(() =>
            Experiment().SetSearchSpace(changed).SetMaxModelToExplore(5).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync());
        StringAssert.Contains(e.Message, "fork");
        AutoMLExperiment forked = Experiment().SetSearchSpace(changed).SetMaxModelToExplore(1).SetTrialStore(new SqliteTrialStore(path), "study", forkOnMismatch: true);
        await forked.RunAsync();
        Assert.AreEqual($"study@{changed.Fingerprint[..8]}", forked.Study!.Name);
        Assert.AreEqual(4, new SqliteTrialStore(path).GetTrials("study").Count, "the original study is untouched");
    }

    [TestMethod]
    public async Task HyperbandPrunesWeakTrialsOfAnExperiment()
    {
        var (context, train, validation) = Data();
        var space = SmallSpace().AddInt(FeedForwardSearchSpace.NumberOfEpochs, 1, 9);
        var monitor = new RecordingMonitor();
        AutoMLExperiment experiment = context.Auto().CreateExperiment()
            .SetPipeline(t => Pipeline(t), space)
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(12)
            .SetHyperbandTuner(minEpochs: 1, maxEpochs: 9, eta: 3, seed: 2)
            .SetMonitor(monitor);
        await experiment.RunAsync();
        var trials = experiment.TrialStore!.GetTrials(experiment.Study!.Name);
        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.IsTrue(pruned.Count >= 2, $"pruned {pruned.Count} of 12");
        Assert.IsTrue(pruned.All(t => t.Curve.Count is 1 or 3), "stopped right after a rung (1 or 3 epochs)");
        Assert.IsTrue(trials.Where(t => t.Status == TrialStatus.Completed).All(t => t.Curve.Count == 9), "survivors train the full budget");
        Assert.AreEqual(pruned.Count, monitor.Completed.Count(r => r.Status == TrialStatus.Pruned), "pruned trials are reported with their curves");
    }

    [TestMethod]
    public async Task CrossValidationScoresTheMeanOverFolds()
    {
        var context = new DeepContext(seed: 2);
        TrialResult best = await context.Auto().CreateExperiment()
            .SetPipeline(t => Pipeline(t), SmallSpace())
            .SetDataset(Moons(context, 150, 4), fold: 3)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.AreaUnderRocCurve)
            .SetMaxModelToExplore(2)
            .RunAsync();
        Assert.IsTrue(best.Metric is > 0.5 and <= 1, $"AUC {best.Metric}");
        Assert.IsNotNull(best.Model);
    }
}
