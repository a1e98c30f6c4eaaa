namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using static TrainingTestData;

[TestClass]
public sealed class NetworkTrainerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LearnsMoonsWithAdam()
    {
        ExampleSet train = Moons(300, 1), test = Moons(200, 2);
        Network n = Net();
        var result = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 100, BatchSize = 32 }).Fit(train);
        Assert.AreEqual(100, result.History.Count);
        Assert.IsTrue(result.History[^1].Loss < result.History[0].Loss / 3, $"loss fell from {result.History[0].Loss} to {result.History[^1].Loss}");
        Assert.IsTrue(Accuracy(n, test, new BinaryCrossEntropy()) >= 0.95, "moons are separable by a small network");
    }

    [TestMethod]
    public void LearnsThreeSpiralsWithSoftmax()
    {
        ExampleSet train = SyntheticData.Spirals(100, 3, seed: 1);
        Network n = Net(new NetworkArchitecture { HiddenLayers = [64, 64] }, outputs: 3);
        new NetworkTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 300, BatchSize = 32 }).Fit(train);
        Assert.IsTrue(Accuracy(n, train, new SoftmaxCrossEntropy()) >= 0.95);
    }

    [TestMethod]
    public void FitsARegressionWithMeanSquaredError()
    {
        // y = sin(3 x1) + x2^2 on a grid
        var x = new List<float>();
        var y = new List<float>();
        var rng = new MLNetDeep.Neural.Numerics.Rng(3);
        for (int i = 0; i < 400; i++)
        {
            float a = (float)(rng.NextDouble() * 2 - 1), b = (float)(rng.NextDouble() * 2 - 1);
            x.Add(a);
            x.Add(b);
            y.Add(MathF.Sin(3 * a) + b * b);
        }

        var data = new ExampleSet(x.ToArray(), 2, y.ToArray());
        Network n = Net(new NetworkArchitecture { HiddenLayers = [32, 32], Activation = Activation.Tanh });
        var result = new NetworkTrainer(n, new MeanSquaredError(), new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 200, BatchSize = 32 }).Fit(data);
        Assert.AreEqual("mse", result.MetricName);
        Assert.IsTrue(result.History[^1].Metric < 0.01, $"final training MSE {result.History[^1].Metric} (the target's variance is about 0.6)");
    }

    [TestMethod]
    public void MiniBatchesAreFloorNOverBFullOnesAndOneSmallerLastOne()
    {
        var recorder = new RecordingLayer();
        var n = new Network(2, [new Dense(4), recorder, new Relu(), new Dense(1)]);
        n.Initialize(1);
        new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 64, NumberOfEpochs = 2 }).Fit(Moons(300));
        CollectionAssert.AreEqual(new[] { 64, 64, 64, 64, 44, 64, 64, 64, 64, 44 }, recorder.TrainingBatches);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void WithBatchNormALastBatchOfOneRowJoinsTheOneBeforeAndKeepsTheRunningVarianceSane(bool shuffle)
    {
        // 193 rows in batches of 64: 64, 64 and 65, not 64, 64, 64 and 1 (batch norm of one row is all zeros, and its
        // variance 0 is what momentum 1 would leave as the running variance).
        var recorder = new RecordingLayer();
        var bn = new BatchNorm(momentum: 1f);
        var n = new Network(2, [new Dense(16, useBias: false), recorder, bn, new Relu(), new Dense(1)]);
        n.Initialize(1);
        var allocated = new List<long>();
        recorder.OnTrainingForward = _ => allocated.Add(GC.GetAllocatedBytesForCurrentThread());
        new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 64, NumberOfEpochs = 2, Shuffle = shuffle, NumberOfThreads = 1 }).Fit(Moons(193));
        CollectionAssert.AreEqual(new[] { 64, 64, 65, 64, 64, 65 }, recorder.TrainingBatches);
        Assert.AreEqual(0L, allocated[2] - allocated[1], "the batch of 65 rows allocates nothing: the buffers were sized for it up front");
        Assert.IsTrue(bn.State[1].All(v => v > 1e-4f), $"running variance {string.Join(", ", bn.State[1])}");

        // Without batch norm the last batch keeps its one row.
        var plain = new RecordingLayer();
        var p = new Network(2, [new Dense(4), plain, new Relu(), new Dense(1)]);
        p.Initialize(1);
        new NetworkTrainer(p, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 64, NumberOfEpochs = 1, Shuffle = shuffle }).Fit(Moons(193));
        CollectionAssert.AreEqual(new[] { 64, 64, 64, 1 }, plain.TrainingBatches);
    }

    [TestMethod]
    public void SameSeedGivesBitIdenticalWeightsWithOneOrTwoThreads()
    {
        var arch = new NetworkArchitecture { HiddenLayers = [64, 32], BatchNorm = true, DropoutRate = 0.2f };
        ExampleSet data = SyntheticData.Blobs(1000, 4, seed: 5);
        float[][] Train(int threads)
        {
            Network n = Net(arch, seed: 9, outputs: 4);
            new NetworkTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions { NumberOfEpochs = 3, BatchSize = 100, Seed = 11, NumberOfThreads = threads }).Fit(data);
            return Weights(n).Concat(n.Layers.SelectMany(l => l.State)).ToArray();
        }

        float[][] one = Train(1);
        AssertBitIdentical(one, Train(2), "1 thread vs 2 threads");
        AssertBitIdentical(one, Train(1), "two runs with one thread");
    }

    [TestMethod]
    public void DifferentSeedsShuffleDifferently()
    {
        float[][] Train(long seed)
        {
            Network n = Net(seed: 1);
            new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 2, BatchSize = 16, Seed = seed }).Fit(Moons());
            return Weights(n);
        }

        CollectionAssert.AreNotEqual(Train(1)[0], Train(2)[0]);
    }

    [TestMethod]
    public void EarlyStoppingStopsAndRestoresTheBestEpochsWeights()
    {
        // A big network on few noisy points overfits: validation loss rises after a while.
        ExampleSet train = SyntheticData.Moons(40, 0.4, seed: 1), validation = SyntheticData.Moons(200, 0.4, seed: 2);
        Network n = Net(new NetworkArchitecture { HiddenLayers = [128, 128] });
        var trainer = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions
        {
            LearningRate = 0.01f,
            NumberOfEpochs = 500,
            BatchSize = 40,
            EarlyStopping = new EarlyStoppingOptions { Patience = 20, MinimumDelta = 0 },
        });
        var snapshots = new Dictionary<int, float[][]>();
        trainer.EpochCompleted += (_, e) => snapshots[e.Record.Epoch] = Weights(n);
        TrainingResult result = trainer.Fit(train, validation);

        Assert.IsTrue(result.StoppedEarly, "the validation loss should stop improving well before 500 epochs");
        Assert.AreEqual(result.BestEpoch + 20, result.History.Count, "stops exactly patience epochs after the best");
        double best = result.History.Min(r => r.ValidationLoss!.Value);
        Assert.AreEqual(best, result.History[result.BestEpoch - 1].ValidationLoss!.Value);
        AssertBitIdentical(snapshots[result.BestEpoch], Weights(n), "restored weights are the best epoch's");
    }

    [TestMethod]
    public void ValidationFractionHoldsOutASeededSplit()
    {
        Network n = Net();
        var result = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 2, ValidationFraction = 0.25f }).Fit(Moons(200));
        Assert.IsNotNull(result.History[0].ValidationLoss);
        Assert.IsNotNull(result.History[0].ValidationMetric);
        var (t, v) = NetworkTrainer.SplitValidation(Moons(200), 0.25f, seed: 0);
        Assert.AreEqual(150, t.Count);
        Assert.AreEqual(50, v.Count);
    }

    [TestMethod]
    public void HistoryRecordsTheScheduledLearningRate()
    {
        var result = new NetworkTrainer(Net(), new BinaryCrossEntropy(), new TrainingOptions
        {
            LearningRate = 0.1f,
            NumberOfEpochs = 3,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
            Schedule = LearningRateSchedule.InverseTime(1),
        }).Fit(Moons());
        Assert.AreEqual(0.1, result.History[0].LearningRate, 1e-7);
        Assert.AreEqual(0.05, result.History[1].LearningRate, 1e-7);
        Assert.AreEqual(0.1 / 3, result.History[2].LearningRate, 1e-7);
    }

    [TestMethod]
    public void CancellationStopsWithinOneBatch()
    {
        using var cts = new CancellationTokenSource();
        var recorder = new RecordingLayer { OnTrainingForward = count => { if (count == 7) { cts.Cancel(); } } };
        var n = new Network(2, [new Dense(4), recorder, new Relu(), new Dense(1)]);
        n.Initialize(1);
        var trainer = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 10, NumberOfEpochs = 100 });
        Assert.ThrowsExactly<OperationCanceledException>(() => trainer.Fit(Moons(300), cancellationToken: cts.Token));
        Assert.AreEqual(7, recorder.TrainingBatches.Count, "the batch during which cancellation came is the last one run");
    }

    [TestMethod]
    public void AnEpochHandlerCanStopTraining()
    {
        var trainer = new NetworkTrainer(Net(), new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 50 });
        trainer.EpochCompleted += (_, e) => e.Stop = e.Record.Epoch == 4;
        TrainingResult r = trainer.Fit(Moons());
        Assert.AreEqual(4, r.History.Count);
        Assert.IsTrue(r.StoppedEarly);
    }

    [TestMethod]
    public void DivergenceNamesEpochAndBatchAndKeepsTheEpochStartWeights()
    {
        Network n = Net(new NetworkArchitecture { HiddenLayers = [16], Initializer = MLNetDeep.Neural.Initializers.Initializer.RandomNormal(10) });
        var trainer = new NetworkTrainer(n, new MeanSquaredError(), new TrainingOptions
        {
            LearningRate = 1e6f,
            BatchSize = 20,
            NumberOfEpochs = 50,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
        });
        float[][] atEpochStart = Weights(n);
        int lastCompleted = 0;
        trainer.EpochCompleted += (_, e) => { atEpochStart = Weights(n); lastCompleted = e.Record.Epoch; };
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => trainer.Fit(Moons()));
        StringAssert.Contains(e.Message, $"epoch {e.Epoch}, batch {e.Batch}");
        StringAssert.Contains(e.Message, "smaller learning rate");
        Assert.AreEqual(lastCompleted + 1, e.Epoch);
        Assert.IsTrue(n.Parameters.All(p => p.Value.All(float.IsFinite)), "the kept weights are finite");
        AssertBitIdentical(atEpochStart, Weights(n), "weights from the start of the diverging epoch");
    }

    [TestMethod]
    public void AnExplodedButFiniteLossIsDivergenceNamingTheEpochAndTheFirstLoss()
    {
        // Batch norm keeps the hidden activations finite, so a huge rate blows up only the output layer: the loss
        // stays finite (about 1e7) and used to be reported as an ordinary epoch, leaving a useless model.
        Network n = Net(new NetworkArchitecture { HiddenLayers = [16], BatchNorm = true });
        var trainer = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { LearningRate = 1e3f, BatchSize = 32, NumberOfEpochs = 5 });
        float[][] atStart = Weights(n);
        int completed = 0;
        trainer.EpochCompleted += (_, e) => completed = e.Record.Epoch;
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => trainer.Fit(Moons()));
        Assert.AreEqual(1, e.Epoch, e.Message);
        Assert.AreEqual(0, completed);
        StringAssert.Contains(e.Message, $"at epoch 1, batch {e.Batch} (learning rate 1000)");
        StringAssert.Contains(e.Message, "times the first batch's");
        StringAssert.Contains(e.Message, "smaller learning rate (e.g. 100)");
        AssertBitIdentical(atStart, Weights(n), "weights from the start of the diverging epoch");
    }

    [TestMethod]
    public void ALargeButSteadyLossIsNotDivergence()
    {
        // A huge L2 lambda makes every batch's loss enormous from the first batch on: large, but not growing.
        Network n = Net(new NetworkArchitecture { HiddenLayers = [16] });
        var result = new NetworkTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { L2Regularization = 1e20f, BatchSize = 32, NumberOfEpochs = 2 }).Fit(Moons());
        Assert.AreEqual(2, result.History.Count);
        Assert.IsTrue(result.History[0].Loss > 1e15, $"loss {result.History[0].Loss}");
    }

    [TestMethod]
    public void BadOptionsAndInputsNameTheOptionOrRowAndValue()
    {
        Network n = Net();
        var loss = new BinaryCrossEntropy();
        (TrainingOptions Options, string Expected)[] cases =
        [
            (new TrainingOptions { LearningRate = -0.1f }, "LearningRate is -0.1"),
            (new TrainingOptions { BatchSize = 0 }, "BatchSize is 0"),
            (new TrainingOptions { NumberOfEpochs = 0 }, "NumberOfEpochs is 0"),
            (new TrainingOptions { L2Regularization = float.NaN }, "L2Regularization is NaN"),
            (new TrainingOptions { ValidationFraction = 1f }, "ValidationFraction is 1"),
            (new TrainingOptions { NumberOfThreads = 0 }, "NumberOfThreads is 0"),
            (new TrainingOptions { GradientClipNorm = 0f }, "GradientClipNorm is 0"),
            (new TrainingOptions { EarlyStopping = new EarlyStoppingOptions { Patience = 0 } }, "EarlyStopping.Patience is 0"),
        ];
        foreach (var (options, expected) in cases)
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => new NetworkTrainer(n, loss, options));
            StringAssert.Contains(e.Message, expected);
        }

        var e2 = Assert.ThrowsExactly<ArgumentException>(() => new NetworkArchitecture { DropoutRate = 1f }.Validate());
        StringAssert.Contains(e2.Message, "DropoutRate is 1");

        ExampleSet bad = Moons(10);
        bad.Features[7 * 2 + 1] = float.NaN;
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => new NetworkTrainer(n, loss, new TrainingOptions()).Fit(bad));
        StringAssert.Contains(e3.Message, "row 7, column 1: NaN");
    }

    [TestMethod]
    public void ZeroWeightExamplesDoNotInfluenceTraining()
    {
        // The same data twice: once plain, once with extra rows of flipped labels weighted 0. Full batch, no shuffle:
        // the gradient is identical, so the weights must be too (up to float summation order).
        ExampleSet data = Moons(100);
        var x = data.Features.Concat(data.Features).ToArray();
        var y = data.Targets.Concat(data.Targets.Select(t => 1 - t)).ToArray();
        var w = Enumerable.Repeat(1f, 100).Concat(Enumerable.Repeat(0f, 100)).ToArray();
        var weighted = new ExampleSet(x, 2, y, 1, w);
        var options = new TrainingOptions { NumberOfEpochs = 20, BatchSize = 1000, Shuffle = false, LearningRate = 0.01f };
        Network a = Net(), b = Net();
        new NetworkTrainer(a, new BinaryCrossEntropy(), options).Fit(data);
        new NetworkTrainer(b, new BinaryCrossEntropy(), options).Fit(weighted);
        for (int i = 0; i < a.Parameters.Count; i++)
        {
            for (int j = 0; j < a.Parameters[i].Length; j++)
            {
                Assert.AreEqual(a.Parameters[i].Value[j], b.Parameters[i].Value[j], 1e-5f);
            }
        }
    }

    [TestMethod]
    public void L2IsTheCourseFormulaOnWeightsOnly()
    {
        Network n = Net(new NetworkArchitecture { HiddenLayers = [3] });
        n.Parameters[1].Value[0] = 100f; // a bias: not penalized
        double expected = 0;
        foreach (Parameter p in n.Parameters.Where(p => p.Regularized))
        {
            expected += p.Value.Sum(v => (double)v * v);
        }

        double lambda = 0.7f;
        Assert.AreEqual(lambda / (2 * 10) * expected, Regularization.L2(n.Parameters, 0.7f, 10), 1e-7 * expected, "float blocks summed in double");
    }

    [TestMethod]
    public void GradientClippingBoundsTheGlobalNorm()
    {
        Network n = Net();
        var rng = new MLNetDeep.Neural.Numerics.Rng(1);
        foreach (Parameter p in n.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Gradient[i] = (float)rng.NextGaussian() * 10;
            }
        }

        double norm = Regularization.GradientNorm(n.Parameters);
        Assert.IsTrue(norm > 1);
        Regularization.ClipGradients(n.Parameters, norm, 1f);
        Assert.AreEqual(1.0, Regularization.GradientNorm(n.Parameters), 1e-4);
    }
}
