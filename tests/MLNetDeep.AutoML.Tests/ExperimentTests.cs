namespace MLNetDeep.AutoML.Tests;

using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Reporting.Sweeps;
using static MLNetDeep.AutoML.Tests.TestData;

[TestClass]
public sealed class ExperimentTests
{
    public TestContext TestContext { get; set; } = null!;

    private static (MLContext Context, IDataView Train, IDataView Validation) Data()
    {
        var context = new MLContext(seed: 1);
        var split = context.Data.TrainTestSplit(Moons(context, 240, 3), 0.25, seed: 1);
        return (context, split.TrainSet, split.TestSet);
    }

    private static SweepExperiment Experiment(int epochs = 3)
    {
        var (context, train, validation) = Data();
        return context.Sweep().CreateExperiment()
            .SetPipeline(t => Pipeline(t, epochs), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric("Accuracy")
            .SetRandomSearchTuner(seed: 1);
    }

    private string TempFile(string extension = ".db")
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlnetdeep-automl-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{TestContext.TestName}-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
    }

    [TestMethod]
    public async Task AnExperimentWithoutLimitsRefusesToStart()
    {
        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Experiment().RunAsync());
        StringAssert.Contains(e.Message, "neither a time limit (SetTrainingTimeInSeconds) nor a trial limit (SetMaxModelToExplore)");
    }

    [TestMethod]
    public void AnUnknownMetricNameListsMlNetsMetrics()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Experiment().SetBinaryClassificationMetric("Acuracy"));
        StringAssert.Contains(e.Message, "'Acuracy' is not one of ML.NET's binary classification metrics");
        StringAssert.Contains(e.Message, "AreaUnderRocCurve");
        Assert.AreEqual("AreaUnderRocCurve", Experiment().SetBinaryClassificationMetric("areaunderroccurve").MetricName, "names are ML.NET's, case aside");
    }

    [TestMethod]
    public async Task RunsTheTrialLimitAndReturnsTheBestWithItsModel()
    {
        var monitor = new RecordingMonitor();
        SweepExperiment experiment = Experiment().SetMaxModelToExplore(4).SetMonitor(monitor);
        SweepTrialResult best = await experiment.RunAsync();
        Assert.AreEqual(4, monitor.Running.Count);
        Assert.AreEqual(4, monitor.Completed.Count);
        Assert.IsTrue(monitor.Completed.All(r => r.Curve.Count == 3 && r.Curve.All(e => e.ValidationLoss is not null)),
            "per-epoch curves with validation loss: the validation data went through the fitted Concatenate to the trainer");
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
        Assert.AreEqual(best.Metric, metrics.Accuracy, 1e-9, "the returned model is the one ML.NET's evaluator scored");
        Assert.AreEqual(2, experiment.GetSummary().Importance.Count);

        // The study as Reporting's plain history: what its sweep charts and report section draw.
        SweepHistory history = experiment.GetSweepHistory();
        Assert.AreEqual(("Accuracy", experiment.Study.Name), (history.MetricName, history.Study));
        CollectionAssert.AreEqual(new[] { "LearningRate", "HiddenUnits1" }, history.Axes.Select(a => a.Name).ToArray());
        Assert.IsTrue(history.Axes.All(a => a.LogScale), "a log and a power-of-two parameter");
        Assert.AreEqual(4, history.Completed.Count());
        Assert.AreEqual(best.TrialSettings.TrialId, history.Best!.Id);
        Assert.IsTrue(history.Trials.All(t => t.Values.Count == 2 && t.Values.Values.All(v => v.Position is >= 0 and <= 1)));
        Assert.AreEqual(2, history.Importance.Count);
        StringAssert.Contains(SweepReport.Add(new HtmlReport("sweep"), history).ToString(), "4 trials: 4 completed");
    }

    [TestMethod]
    public async Task TheBestModelIsAnMlNetModelThatSavesAndLoads()
    {
        SweepExperiment experiment = Experiment().SetMaxModelToExplore(2);
        SweepTrialResult best = await experiment.RunAsync();
        var (context, train, validation) = Data();
        string path = TempFile(".zip");
        AtomicModelFile.Save(context, best.Model!, train.Schema, path);
        ITransformer loaded = context.Model.Load(path, out DataViewSchema schema);
        Assert.IsNotNull(schema.GetColumnOrNull("X1"));
        Assert.AreEqual(best.Metric, context.BinaryClassification.Evaluate(loaded.Transform(validation)).Accuracy, 1e-9);
        Assert.IsNotNull(context.Model.GetFeedForwardInfo(loaded), "the training record travels with the saved model");

        ITransformer refit = experiment.Refit(best.TrialSettings);
        Assert.AreEqual(best.Metric, context.BinaryClassification.Evaluate(refit.Transform(validation)).Accuracy, 1e-9, "a refit from the trial's parameters and seed is the same model");
    }

    [TestMethod]
    public async Task AFailingTrialIsRecordedAndTheStudyGoesOn()
    {
        var (context, train, validation) = Data();
        var monitor = new RecordingMonitor();
        SweepExperiment experiment = context.Sweep().CreateExperiment()
            .SetPipeline(t => t.Settings.TrialId == 1 ? throw new InvalidOperationException("trial one is broken") : Pipeline(t), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(3)
            .SetMonitor(monitor);
        SweepTrialResult best = await experiment.RunAsync();
        Assert.AreNotEqual(1, best.TrialSettings.TrialId);
        Assert.AreEqual(1, monitor.Failed.Count);
        Assert.AreEqual(1, monitor.Failed[0].Settings.TrialId);
        Assert.AreEqual("trial one is broken", monitor.Failed[0].Error!.Message);
        Assert.AreEqual(2, monitor.Completed.Count);
        TrialRecord failed = experiment.TrialStore!.GetTrials(experiment.Study!.Name)[1];
        Assert.AreEqual(TrialStatus.Failed, failed.Status);
        Assert.AreEqual("InvalidOperationException: trial one is broken", failed.Error);

        // A function that returns null fails its trial saying so (it was a NullReferenceException from inside the fit).
        var none = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => context.Sweep().CreateExperiment()
            .SetPipeline(t => null!, SmallSpace()).SetDataset(train, validation).SetBinaryClassificationMetric().SetMaxModelToExplore(1).RunAsync());
        StringAssert.EndsWith(none.Message, "the first error: InvalidOperationException: The pipeline function (SetPipeline) returned null, not an estimator.");
    }

    [TestMethod]
    public async Task ATrialWhoseMetricIsNaNFailsNamingTheMetric()
    {
        // Optuna marks a trial whose objective returns NaN as failed; it was stored as completed, without a loss, and a
        // study of such trials only said "no trial completed (0 failed, 0 pruned)".
        var (context, train, validation) = Data();
        var monitor = new RecordingMonitor();
        SweepExperiment experiment = context.Sweep().CreateExperiment()
            .SetPipeline(t => Pipeline(t), SmallSpace())
            .SetDataset(train, validation)
            .SetMetric("Odd", (ml, model, data) => monitor.Running.Count == 2 ? double.NaN : ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy) // trial 1's
            .SetMaxModelToExplore(3)
            .SetMonitor(monitor);
        SweepTrialResult best = await experiment.RunAsync();
        Assert.AreNotEqual(1, best.TrialSettings.TrialId);
        Assert.AreEqual(1, monitor.Failed.Single().Settings.TrialId);
        Assert.AreEqual(2, monitor.Completed.Count);
        TrialRecord nan = experiment.TrialStore!.GetTrials(experiment.Study!.Name)[1];
        Assert.AreEqual(TrialStatus.Failed, nan.Status);
        Assert.AreEqual("InvalidOperationException: The metric 'Odd' is NaN on the validation data (a ratio of zero to zero, for instance), so the trial has no score.", nan.Error);
        Assert.AreEqual(1, experiment.GetSummary().Failed);

        var allNaN = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => context.Sweep().CreateExperiment()
            .SetPipeline(t => Pipeline(t), SmallSpace()).SetDataset(train, validation)
            .SetMetric("Never", (_, _, _) => double.NaN).SetMaxModelToExplore(2).RunAsync());
        StringAssert.Contains(allNaN.Message, "No trial of study 'default' completed (2 failed, 0 pruned); the first error: InvalidOperationException: The metric 'Never' is NaN");
    }

    [TestMethod]
    public async Task AMonitorThatThrowsEndsTheRunAndLeavesNoTrialRunning()
    {
        // The trial was left "running" without a heartbeat: a rerun of the study waited HeartbeatTimeout (60 s) for it.
        SweepExperiment experiment = Experiment().SetMaxModelToExplore(2).SetMonitor(new ThrowingMonitor());
        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => experiment.RunAsync());
        Assert.AreEqual("the monitor's own bug", e.Message);
        TrialRecord trial = experiment.TrialStore!.GetTrials(experiment.Study!.Name).Single();
        Assert.AreEqual((TrialStatus.Queued, null), (trial.Status, trial.WorkerId), "back in the queue for the next run");
    }

    private sealed class ThrowingMonitor : ISweepMonitor
    {
        public void ReportRunningTrial(SweepTrialSettings settings) => throw new InvalidOperationException("the monitor's own bug");

        public void ReportCompletedTrial(SweepTrialResult result)
        {
        }

        public void ReportBestTrial(SweepTrialResult result)
        {
        }

        public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null)
        {
        }
    }

    [TestMethod]
    public async Task CancellationStopsTheRunningTrialAndReturnsTheBestSoFar()
    {
        var (context, train, validation) = Data();
        using var cts = new CancellationTokenSource();
        // Trial 1 would train for hours: the run is cancelled when it has reported its first epoch.
        SweepExperiment experiment = context.Sweep().CreateExperiment()
            .SetPipeline(t => t.Settings.TrialId == 0 ? Pipeline(t, 2) : Pipeline(t, 100000, _ => cts.Cancel()), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(10);
        SweepTrialResult best = await experiment.RunAsync(cts.Token);
        Assert.AreEqual(0, best.TrialSettings.TrialId);
        var trials = experiment.TrialStore!.GetTrials(experiment.Study!.Name);
        Assert.AreEqual(TrialStatus.Queued, trials[1].Status, "the cancelled trial goes back to the queue for a resumed run");
        Assert.AreEqual(2, trials.Count);
    }

    [TestMethod]
    public async Task CancelledBeforeAnyTrialCompletedThrows()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => Experiment().SetMaxModelToExplore(2).RunAsync(cts.Token));
    }

    [TestMethod]
    public async Task TheTimeLimitStopsTheRunAndReturnsTheBestSoFar()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (context, train, validation) = Data();
        // Trial 1 would train for hours: the clock passes the 60 s limit when it has reported its first epoch.
        SweepExperiment experiment = context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock })
            .SetPipeline(t => t.Settings.TrialId == 0 ? Pipeline(t, 2) : Pipeline(t, 100000, _ => clock.Advance(TimeSpan.FromSeconds(61))), SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetTrainingTimeInSeconds(60);
        SweepTrialResult best = await experiment.RunAsync();
        Assert.AreEqual(0, best.TrialSettings.TrialId);
        Assert.IsNotNull(best.Model);
        Assert.AreEqual(TrialStatus.Queued, experiment.TrialStore!.GetTrials(experiment.Study!.Name)[1].Status, "the trial stopped at the limit is re-queued");
    }

    /// <summary>
    /// Bug bash: a trial longer than each run's time limit was claimed first by every later run, stopped at the limit and
    /// re-queued again, for ever. Now the first stop re-queues it (remembered in the store, here a SQLite file) and the
    /// second, in the next run, fails it saying why; the run after that goes on with other trials.
    /// </summary>
    [TestMethod]
    public async Task TheTimeLimitReQueuesATrialOnceAndFailsItTheSecondTimeSayingWhy()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteTrialStore(TempFile());
        var (context, train, validation) = Data();
        // Trial 0 would train for hours: each of its epochs takes 29 s of the 60 s each run has.
        SweepExperiment Run(ISweepMonitor monitor) => context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock })
            .SetPipeline(t => t.Settings.TrialId == 0 ? Pipeline(t, 100000, _ => clock.Advance(TimeSpan.FromSeconds(29))) : Pipeline(t, 2), SmallSpace())
            .SetDataset(train, validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetTrainingTimeInSeconds(60).SetMaxModelToExplore(2).SetTrialStore(store, "study").SetMonitor(monitor);

        var first = new RecordingMonitor();
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => Run(first).RunAsync());
        TrialRecord stopped = store.GetTrials("study")[0];
        Assert.AreEqual(TrialStatus.Queued, stopped.Status, "stopped by the limit once: re-queued");
        CollectionAssert.AreEqual(new[] { 87.0 }, stopped.TimeLimitStops.ToArray(), "stopped after its third epoch");
        Assert.IsEmpty(first.Failed);

        var second = new RecordingMonitor();
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => Run(second).RunAsync());
        TrialRecord failed = store.GetTrials("study")[0];
        Assert.AreEqual((TrialStatus.Failed, 2), (failed.Status, failed.Attempts), "stopped by the limit again: failed");
        Assert.AreEqual("TimeoutException: stopped by the time limit in 2 runs (after 87 s and 87 s of training); a trial this long needs a larger time limit "
            + "(--time / SetTrainingTimeInSeconds) or a smaller space", failed.Error);
        Assert.AreEqual(0, second.Failed.Single().Settings.TrialId);
        Assert.IsInstanceOfType<TimeoutException>(second.Failed[0].Error);

        SweepTrialResult best = await Run(new RecordingMonitor()).RunAsync();
        Assert.AreEqual(1, best.TrialSettings.TrialId, "the study gets past the failed trial");
    }

    /// <summary>Stops by the caller's cancellation (Ctrl+C) re-queue the trial however often, and do not count towards failing it.</summary>
    [TestMethod]
    public async Task CancellationNeverFailsATrialNorCountsAsATimeLimitStop()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTrialStore();
        var (context, train, validation) = Data();
        CancellationTokenSource? cts = null;
        SweepExperiment Run() => context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock })
            .SetPipeline(t => Pipeline(t, 100000, _ => cts!.Cancel()), SmallSpace())
            .SetDataset(train, validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetTrainingTimeInSeconds(60).SetTrialStore(store, "study");
        for (int run = 1; run <= 3; run++)
        {
            using (cts = new CancellationTokenSource())
            {
                await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => Run().RunAsync(cts.Token));
            }

            TrialRecord trial = store.GetTrials("study").Single();
            Assert.AreEqual((TrialStatus.Queued, run), (trial.Status, trial.Attempts), $"run {run}");
            Assert.IsEmpty(trial.TimeLimitStops, $"run {run}");
        }
    }

    [TestMethod]
    public async Task ParallelTrialsRunAtOnce()
    {
        // Each of the first three trials waits until all three are running: the test finishes only if three trials are
        // in progress at the same time, however few thread-pool threads there are (each worker has its own thread).
        using var allRunning = new CountdownEvent(3);
        int started = 0;
        var monitor = new RecordingMonitor();
        var (context, train, validation) = Data();
        SweepExperiment experiment = context.Sweep().CreateExperiment()
            .SetPipeline(t =>
            {
                if (Interlocked.Increment(ref started) <= 3)
                {
                    allRunning.Signal();
                    if (!allRunning.Wait(TimeSpan.FromMinutes(2)))
                    {
                        throw new TimeoutException("three trials never ran at once");
                    }
                }

                return Pipeline(t);
            }, SmallSpace())
            .SetDataset(train, validation)
            .SetBinaryClassificationMetric()
            .SetRandomSearchTuner(seed: 1)
            .SetMaxModelToExplore(6).SetParallelism(3).SetMonitor(monitor);
        await experiment.RunAsync();
        Assert.AreEqual(6, monitor.Completed.Count, string.Join("; ", monitor.Failed.Select(f => f.Error?.Message)));
        Assert.AreEqual(3, monitor.MaxConcurrent);
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).ToArray(), experiment.TrialStore!.GetTrials(experiment.Study!.Name).Select(t => t.TrialId).ToArray());
    }

    /// <summary>
    /// A worker with nothing left to claim waits for the other worker's last trial; the run ends when that trial ends,
    /// not at the waiting worker's next poll (on this clock, which moves only when a test moves it, never).
    /// </summary>
    [TestMethod]
    public async Task AWaitingWorkerWakesWhenTheLastTrialOfItsRunEnds()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        TimeSpan poll = TimeSpan.FromSeconds(7);
        Task pollStarted = clock.TimerCreated(poll);
        var (context, train, validation) = Data();
        SweepExperiment experiment = context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock, PollInterval = poll })
            .SetPipeline(t =>
            {
                // Trial 1 goes on only once the worker that ran trial 0 waits for it.
                if (t.Settings.TrialId == 1 && !pollStarted.Wait(TimeSpan.FromMinutes(2)))
                {
                    throw new TimeoutException("the other worker never started to wait");
                }

                return Pipeline(t);
            }, SmallSpace())
            .SetDataset(train, validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetMaxModelToExplore(2).SetParallelism(2);
        await experiment.RunAsync(TestContext.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        Assert.IsTrue(pollStarted.IsCompleted, "a worker waited for the other's trial");
        Assert.IsTrue(experiment.TrialStore!.GetTrials(experiment.Study!.Name).All(t => t.Status == TrialStatus.Completed));
    }

    /// <summary>
    /// A running trial's curve goes to the store with its first epoch, then at most once a second (a store transaction
    /// per epoch cost more than a small model's epochs), and whole when the trial ends. Each epoch here takes 0.4 s.
    /// </summary>
    [TestMethod]
    public async Task TheCurveGoesToTheStoreAtMostOnceASecondAndWholeAtTheEnd()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new EpochRecordingStore();
        var (context, train, validation) = Data();
        SweepExperiment experiment = context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock })
            .SetPipeline(t => Pipeline(t, epochs: 6, progress: _ => clock.Advance(TimeSpan.FromSeconds(0.4))), SmallSpace())
            .SetDataset(train, validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetMaxModelToExplore(1).SetTrialStore(store, "study");
        await experiment.RunAsync(TestContext.CancellationToken);
        CollectionAssert.AreEqual(new[] { 1, 4 }, store.ReportedCurveLengths, "epoch 1 (the first), then epoch 4 (1.2 s after it)");
        TrialRecord trial = store.GetTrials("study").Single();
        Assert.AreEqual(TrialStatus.Completed, trial.Status);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, trial.Curve.Select(e => e.Epoch).ToArray(), "the whole curve when it finished");
    }

    [TestMethod]
    public async Task AStudyResumesAndRefusesAChangedSpace()
    {
        string path = TempFile();
        await Experiment().SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync();
        var monitor = new RecordingMonitor();
        SweepTrialResult best = await Experiment().SetMaxModelToExplore(4).SetTrialStore(new SqliteTrialStore(path), "study").SetMonitor(monitor).RunAsync();
        CollectionAssert.AreEqual(new[] { 2, 3 }, monitor.Running.Select(s => s.TrialId).ToArray(), "only the missing trials run");
        var trials = new SqliteTrialStore(path).GetTrials("study");
        Assert.AreEqual(4, trials.Count);
        Assert.AreEqual(trials.Where(t => t.Loss is not null).Min(t => t.Loss!.Value), best.Loss, "the best is over the whole study");

        var changed = SmallSpace().AddBoolean("BatchNormalization");
        var e = await Assert.ThrowsExactlyAsync<StudyMismatchException>(() =>
            Experiment().SetSearchSpace(changed).SetMaxModelToExplore(5).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync());
        StringAssert.Contains(e.Message, "search space");
        StringAssert.Contains(e.Message, "fork");
        SweepExperiment forked = Experiment().SetSearchSpace(changed).SetMaxModelToExplore(1).SetTrialStore(new SqliteTrialStore(path), "study", forkOnMismatch: true);
        await forked.RunAsync();
        Assert.AreEqual(e.ForkName, forked.Study!.Name);
        StringAssert.StartsWith(forked.Study.Name, "study@");
        Assert.AreEqual(4, new SqliteTrialStore(path).GetTrials("study").Count, "the original study is untouched");
    }

    /// <summary>Issue 14 #9: resuming with other data, another seed or another tuner is refused like a changed space, and can be forked.</summary>
    [TestMethod]
    public async Task AStudyRefusesOtherDataSeedOrTunerUnlessForked()
    {
        string path = TempFile();
        await Experiment().SetMaxModelToExplore(1).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync();

        var context = new MLContext(seed: 1);
        var other = context.Data.TrainTestSplit(Moons(context, 240, 4), 0.25, seed: 1); // another draw of the moons
        var data = await Assert.ThrowsExactlyAsync<StudyMismatchException>(() => Experiment().SetDataset(other.TrainSet, other.TestSet)
            .SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync());
        StringAssert.Contains(data.Message, "its data has fingerprint");
        StringAssert.Contains(data.Message, "--fork");

        var seed = await Assert.ThrowsExactlyAsync<StudyMismatchException>(() => context.Sweep().CreateExperiment(new SweepExperimentSettings { Seed = 7 })
            .SetPipeline(t => Pipeline(t), SmallSpace()).SetDataset(Data().Train, Data().Validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync());
        StringAssert.Contains(seed.Message, "it runs with seed 0, this run with seed 7");

        var tuner = await Assert.ThrowsExactlyAsync<StudyMismatchException>(() => Experiment().SetTpeTuner(seed: 1)
            .SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync());
        StringAssert.Contains(tuner.Message, "its tuner is random(seed=1), this run's is tpe(startupTrials=10, seed=1)");

        SweepExperiment forked = Experiment().SetTpeTuner(seed: 1).SetMaxModelToExplore(1).SetTrialStore(new SqliteTrialStore(path), "study", forkOnMismatch: true);
        await forked.RunAsync();
        Assert.AreEqual(tuner.ForkName, forked.Study!.Name);
        Assert.AreEqual("tpe(startupTrials=10, seed=1)", new SqliteTrialStore(path).GetStudy(forked.Study.Name)!.Tuner);
        Assert.AreEqual(1, new SqliteTrialStore(path).GetTrials("study").Count, "the original study is untouched");
        await Experiment().SetMaxModelToExplore(2).SetTrialStore(new SqliteTrialStore(path), "study").RunAsync(); // the same run still resumes
        Assert.AreEqual(2, new SqliteTrialStore(path).GetTrials("study").Count);
    }

    /// <summary>
    /// Issue 14 #9: a rerun after a kill -9 waits for the dead worker's trial to go stale and says so (a monitor event
    /// with the trial, its worker and when it is re-queued), then runs it. The clock moves only when the rerun waits.
    /// </summary>
    [TestMethod]
    public async Task ARerunSaysWhichStaleTrialItWaitsForAndThenRunsIt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTrialStore();
        SweepSpace space = SmallSpace();
        var (context, train, validation) = Data();
        SweepExperiment Run(ISweepMonitor monitor) => context.Sweep().CreateExperiment(new SweepExperimentSettings { TimeProvider = clock })
            .SetPipeline(t => Pipeline(t), space).SetDataset(train, validation).SetBinaryClassificationMetric().SetRandomSearchTuner(seed: 1)
            .SetMaxModelToExplore(1).SetTrialStore(store, "study").SetMonitor(monitor);

        // A first run opened the study and was stopped; its only trial is left running by a worker that was killed: its
        // last heartbeat is now, and with the 60 s timeout it goes stale a minute from now.
        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => Run(new RecordingMonitor()).RunAsync(new CancellationToken(canceled: true)));
        StudyDefinition study = store.GetStudy("study")!;
        store.CreateTrial(study.Name, "dead-host:4711:1", 1, clock.GetUtcNow(), id => new TrialProposal(space.Default.ToJson(), 5));

        var monitor = new WaitingMonitor(clock);
        SweepTrialResult best = await Run(monitor).RunAsync();
        Assert.AreEqual(1, monitor.Waits.Count, "one notice for the one stale trial");
        SweepWait wait = monitor.Waits[0];
        Assert.AreEqual((0, "dead-host:4711:1", TimeSpan.FromSeconds(60)), (wait.TrialId, wait.WorkerId, wait.RequeueIn));
        Assert.AreEqual("waiting for trial 0 (worker dead-host:4711:1, last heartbeat 0 s ago): it is re-queued in 60 s unless its worker reports again", wait.ToString());
        Assert.AreEqual(0, best.TrialSettings.TrialId);
        TrialRecord rerun = store.GetTrials(study.Name)[0];
        Assert.AreEqual(TrialStatus.Completed, rerun.Status);
        Assert.AreEqual(2, rerun.Attempts, "re-queued once its heartbeat was stale, then run by the rerun");
    }

    /// <summary>Records wait notices; on each, lets the clock pass the heartbeat timeout as the rerun starts waiting.</summary>
    private sealed class WaitingMonitor(ManualTimeProvider clock) : ISweepMonitor
    {
        public List<SweepWait> Waits { get; } = [];

        public void ReportRunningTrial(SweepTrialSettings settings)
        {
        }

        public void ReportCompletedTrial(SweepTrialResult result)
        {
        }

        public void ReportBestTrial(SweepTrialResult result)
        {
        }

        public void ReportFailTrial(SweepTrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportWaiting(SweepWait wait)
        {
            Waits.Add(wait);
            clock.AdvanceAtNextTimer(wait.RequeueIn + TimeSpan.FromSeconds(1));
        }
    }

    [TestMethod]
    public async Task HyperbandPrunesWeakTrialsOfAnExperiment()
    {
        var (context, train, validation) = Data();
        var space = SmallSpace().AddInt(FeedForwardSearchSpace.EpochsParameter, 1, 9);
        var monitor = new RecordingMonitor();
        SweepExperiment experiment = context.Sweep().CreateExperiment()
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
        var context = new MLContext(seed: 2);
        SweepTrialResult best = await context.Sweep().CreateExperiment()
            .SetPipeline(t => Pipeline(t), SmallSpace())
            .SetDataset(Moons(context, 150, 4), fold: 3)
            .SetBinaryClassificationMetric("AreaUnderRocCurve")
            .SetMaxModelToExplore(2)
            .RunAsync();
        Assert.IsTrue(best.Metric is > 0.5 and <= 1, $"AUC {best.Metric}");
        Assert.IsNotNull(best.Model);
    }

    [TestMethod]
    public async Task AHoldOutFractionSplitsTheDataWithTheSeed()
    {
        var context = new MLContext(seed: 2);
        SweepExperiment experiment = context.Sweep().CreateExperiment()
            .SetPipeline(t => Pipeline(t), SmallSpace())
            .SetDataset(Moons(context, 200, 4), validationFraction: 0.25)
            .SetBinaryClassificationMetric("F1Score")
            .SetMaxModelToExplore(2);
        SweepTrialResult best = await experiment.RunAsync();
        Assert.IsTrue(best.Metric is > 0.5 and <= 1, $"F1 {best.Metric}");
        Assert.IsTrue(best.Curve.All(e => e.ValidationLoss is not null), "the held-out rows are the trainer's validation data");
        Assert.AreEqual("maximize", experiment.Study!.Direction);
    }

    [TestMethod]
    public async Task ACustomMetricScoresTheFittedModel()
    {
        var (context, train, validation) = Data();
        SweepTrialResult best = await context.Sweep().CreateExperiment()
            .SetPipeline((ml, p) => ml.Transforms.Concatenate("Features", "X1", "X2")
                .Append(ml.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
                    new Trainers.FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, BatchSize = 32, NumberOfThreads = 1 }, p))), SmallSpace())
            .SetDataset(train, validation)
            .SetMetric("MeanProbability", (ml, model, data) => ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Average(r => r.Probability), higherIsBetter: true)
            .SetMaxModelToExplore(2)
            .RunAsync();
        Assert.AreEqual(-best.Metric, best.Loss, 1e-12, "a maximized custom metric's loss is -metric");
        Assert.IsTrue(best.Metric is > 0 and < 1);
    }

    public sealed class Scored
    {
        public float Probability { get; set; }
    }
}
