namespace MLNetDeep.AutoML.Tests;

using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Trainers;
using static MLNetDeep.AutoML.Tests.TestData;

/// <summary>Sweeps over pipelines that mix stock ML.NET components and their parameters with MLNetDeep's trainer.</summary>
[TestClass]
public sealed class MixedPipelineTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>A choice of trainer (FastTree with its leaf count, or the feed-forward network with its learning rate) after a choice of ML.NET normalizer.</summary>
    private static SweepSpace Space() => new SweepSpace()
        .AddChoice("Normalizer", "MinMax", "MeanVariance")
        .AddChoice("Trainer", "FastTree", "FeedForward")
        .AddInt("NumberOfLeaves", 2, 16, 4, ParameterScale.PowerOfTwo)
        .AddFloat("LearningRate", 1e-3, 1e-1, 1e-2, ParameterScale.Log);

    private static IEstimator<ITransformer> Pipeline(MLContext ml, SweepParameters p)
    {
        IEstimator<ITransformer> features = ml.Transforms.Concatenate("Features", "X1", "X2");
        features = p.GetString("Normalizer") == "MinMax"
            ? features.Append(ml.Transforms.NormalizeMinMax("Features"))
            : features.Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return p.GetString("Trainer") == "FastTree"
            ? features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: p.GetInt("NumberOfLeaves"), numberOfTrees: 20, minimumExampleCountPerLeaf: 2))
            : features.Append(ml.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
                new FeedForwardBinaryTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 10, BatchSize = 32, NumberOfThreads = 1 }, p)));
    }

    [TestMethod]
    public async Task ASweepChoosesBetweenFastTreeAndTheFeedForwardNetworkAndTheirParameters()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Moons(ml, 300, 5), 0.3, seed: 1);
        var monitor = new RecordingMonitor();
        SweepExperiment experiment = ml.Sweep().CreateExperiment(new SweepExperimentSettings { Seed = 3 })
            .SetPipeline(Pipeline, Space())
            .SetDataset(split.TrainSet, split.TestSet)
            .SetBinaryClassificationMetric("AreaUnderRocCurve")
            .SetGridSearchTuner(step: 2) // every normalizer x trainer x {2, 16} leaves x {0.001, 0.1}: 16 points
            .SetMaxModelToExplore(16)
            .SetMonitor(monitor);
        SweepTrialResult best = await experiment.RunAsync();

        Assert.AreEqual(16, monitor.Completed.Count, string.Join("; ", monitor.Failed.Select(f => f.Error?.Message)));
        var fastTree = monitor.Completed.Where(r => r.TrialSettings.Parameters.GetString("Trainer") == "FastTree").ToList();
        var network = monitor.Completed.Where(r => r.TrialSettings.Parameters.GetString("Trainer") == "FeedForward").ToList();
        Assert.HasCount(8, fastTree);
        Assert.HasCount(8, network);
        Assert.IsTrue(fastTree.All(r => r.Curve.Count == 0) && network.All(r => r.Curve.Count == 10), "per-epoch reports come from MLNetDeep's trainer only");
        Assert.IsTrue(monitor.Completed.All(r => r.Metric is > 0.5 and <= 1), string.Join(", ", monitor.Completed.Select(r => r.Metric)));
        Assert.AreEqual(2, fastTree.Select(r => r.TrialSettings.Parameters.GetInt("NumberOfLeaves")).Distinct().Count(), "FastTree's leaf count was swept");
        Assert.AreEqual(2, network.Select(r => r.TrialSettings.Parameters.GetDouble("LearningRate")).Distinct().Count(), "the network's learning rate was swept");

        // The best trial's model is an ordinary ML.NET model: saved, loaded in a fresh context, it scores the same.
        string path = Path.Combine(Directory.CreateTempSubdirectory("mlnetdeep-mixed-").FullName, "best.zip");
        AtomicModelFile.Save(ml, best.Model!, split.TrainSet.Schema, path);
        var fresh = new MLContext();
        ITransformer loaded = fresh.Model.Load(path, out _);
        Assert.AreEqual(best.Metric, fresh.BinaryClassification.Evaluate(loaded.Transform(split.TestSet)).AreaUnderRocCurve, 1e-9);
        Assert.AreEqual(best.TrialSettings.Parameters.GetString("Trainer") == "FeedForward", fresh.Model.GetFeedForwardInfo(loaded) is not null,
            "only the network's model carries MLNetDeep's training record");
    }

    [TestMethod]
    public async Task AStockStepThatFailsWhileReadingIsRecordedWithItsCause()
    {
        // FastTree reads its data through ML.NET's splitter, which wraps a failing step's exception in its own
        // "Splitter/consolidator worker encountered exception while consuming source data": that was all the record said.
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Moons(ml, 100, 7), 0.3, seed: 1);
        SweepExperiment experiment = ml.Sweep().CreateExperiment()
            .SetPipeline((c, p) => c.Transforms.CustomMapping<Point, Radius>((_, _) => throw new ArgumentException("my mapping refuses this row"), null)
                .Append(c.Transforms.Concatenate("Features", "X1", "X2", "R"))
                .Append(c.BinaryClassification.Trainers.FastTree(numberOfLeaves: p.GetInt("NumberOfLeaves"), numberOfTrees: 5)), Space())
            .SetDataset(split.TrainSet, split.TestSet)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(1);
        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => experiment.RunAsync());
        string error = experiment.TrialStore!.GetTrials(experiment.Study!.Name)[0].Error!;
        StringAssert.EndsWith(error, "; caused by ArgumentException: my mapping refuses this row");
        StringAssert.EndsWith(e.Message, error, "the run's message gives the cause too");
    }

    public sealed class Radius
    {
        public float R { get; set; }
    }

    [TestMethod]
    public async Task CancellingARunStopsAStockMlNetTrainerMidFit()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Moons(ml, 300, 6), 0.3, seed: 1);
        using var cts = new CancellationTokenSource();
        // Trial 1 is a FastTree of a million trees (hours); the run is cancelled from inside its fit, on FastTree's
        // first log message. Only ML.NET's own cancellation of the trial's context stops it.
        SweepExperiment experiment = ml.Sweep().CreateExperiment()
            .SetPipeline(t =>
            {
                if (t.Settings.TrialId == 0)
                {
                    return Pipeline(t.Context, t.Parameters.With("Trainer", "FeedForward"));
                }

                t.Context.Log += (_, e) =>
                {
                    if (e.Source.StartsWith("FastTreeTraining", StringComparison.Ordinal))
                    {
                        cts.Cancel();
                    }
                };
                return t.Context.Transforms.Concatenate("Features", "X1", "X2")
                    .Append(t.Context.BinaryClassification.Trainers.FastTree(numberOfTrees: 1_000_000, numberOfLeaves: 4, minimumExampleCountPerLeaf: 2));
            }, Space())
            .SetDataset(split.TrainSet, split.TestSet)
            .SetBinaryClassificationMetric()
            .SetMaxModelToExplore(5);
        SweepTrialResult best = await experiment.RunAsync(cts.Token);
        Assert.AreEqual(0, best.TrialSettings.TrialId);
        Assert.AreEqual(TrialStatus.Queued, experiment.TrialStore!.GetTrials(experiment.Study!.Name)[1].Status, "the stopped FastTree trial is re-queued");
    }
}
