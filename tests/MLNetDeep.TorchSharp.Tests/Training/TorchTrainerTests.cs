namespace MLNetDeep.TorchSharp.Tests.Training;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;
using MLNetDeep.TorchSharp.Training;
using global::TorchSharp;
using static Parity;

[TestClass]
public sealed class TorchTrainerTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly NetworkArchitecture Small = new() { HiddenLayers = [16, 8] };

    [TestMethod]
    public void DropoutDrawsTheEnginesMasksSoTheLossCurveMatches()
    {
        // Criterion: both backends draw the same masks (the engine's generator, one stream per epoch), so the curves agree
        // to float rounding (parity tolerances), far inside the noise a different mask would make; and dropout is active:
        // the curve differs from the run without dropout by more than that noise floor.
        var arch = new NetworkArchitecture { HiddenLayers = [32, 16], DropoutRate = 0.3f, BatchNorm = true };
        var o = new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 6, BatchSize = 32, Seed = 9, NumberOfThreads = 1 };
        Parity.Outcome r = Run(arch, new SoftmaxCrossEntropy(), Blobs(), o);
        TestContext.WriteLine(r.ToString());
        Assert.IsTrue(r.LossDifference <= ParityTests.LossTolerance, r.ToString());
        Assert.IsTrue(r.WeightDifference <= ParityTests.WeightTolerance, r.ToString());
        Parity.Outcome plain = Run(arch with { DropoutRate = 0 }, new SoftmaxCrossEntropy(), Blobs(), o);
        double apart = r.TorchResult.History.Zip(plain.TorchResult.History).Max(p => Math.Abs(p.First.Loss - p.Second.Loss));
        Assert.IsTrue(apart > 1e-3, $"dropout changes the training loss ({apart})");
    }

    [TestMethod]
    public void ADropoutLayerOfRateZeroDrawsNoMaskSoTheNextLayersMasksAreTheEngines()
    {
        // A hand-built network with Dropout(0) before Dropout(0.5): the engine draws nothing for the first, so libtorch
        // must not either, or every later mask comes from further along the stream and the runs part.
        Network Make()
        {
            var n = new Network(2, [new Dense(16), new Relu(), new Dropout(0f), new Dense(8), new Relu(), new Dropout(0.5f), new Dense(1)]);
            n.Initialize(1);
            return n;
        }

        var o = new TrainingOptions { NumberOfEpochs = 3, BatchSize = 32, NumberOfThreads = 1, Seed = 2, LearningRate = 0.01f };
        Network managed = Make(), torchNet = Make();
        TrainingResult m = TrainingBackend.Managed.CreateTrainer(managed, new BinaryCrossEntropy(), o).Fit(Moons());
        TrainingResult t = new TorchSharpBackend().CreateTrainer(torchNet, new BinaryCrossEntropy(), o).Fit(Moons());
        double weights = Parity.MaxRelativeDifference(managed, torchNet);
        TestContext.WriteLine($"weights {weights:E2}, last loss managed {m.History[^1].Loss} torch {t.History[^1].Loss}");
        Assert.IsTrue(weights <= ParityTests.WeightTolerance, $"weights: {weights}");
        for (int e = 0; e < m.History.Count; e++)
        {
            Assert.AreEqual(m.History[e].Loss, t.History[e].Loss, ParityTests.LossTolerance * (1e-3 + m.History[e].Loss), $"epoch {e + 1}");
        }
    }

    [TestMethod]
    public void LibTorchGradientsEqualTheEnginesBackpropAndFiniteDifferences()
    {
        // One batch, batch norm, L2, softmax cross-entropy and weights; no dropout. libtorch's autograd against the engine's
        // backprop (which the engine's own gradient checks cover), then against centered differences of libtorch's cost.
        var arch = new NetworkArchitecture { HiddenLayers = [6, 5], BatchNorm = true, Activation = Activation.Tanh };
        ExampleSet batch = Weighted(Blobs(24, 3));
        Network n = Build(arch, 2, 3);
        var loss = new SoftmaxCrossEntropy();
        const float Lambda = 0.3f;

        float[][] before = AllWeights(n);
        var gradient = new float[24 * 3];
        n.ZeroGradients();
        ReadOnlyMemory<float> output = n.Forward(batch.Features, 24, training: true);
        loss.Compute(output.Span, batch.Targets, batch.Weights, 24, 3, gradient);
        foreach (Parameter p in n.Parameters.Where(p => p.Regularized))
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(p.Value, Lambda / 24, p.Gradient, p.Gradient);
        }

        n.Backward(gradient, 24);
        float[][] engine = n.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        RestoreAll(n, before);

        using var model = new TorchNetwork(n, torch.CPU);
        var torchLoss = new TorchLoss(loss);
        float[][] autograd = Gradients(model, torchLoss, batch, Lambda);
        double worst = 0;
        for (int i = 0; i < engine.Length; i++)
        {
            for (int j = 0; j < engine[i].Length; j++)
            {
                double d = Math.Abs(engine[i][j] - autograd[i][j]);
                Assert.IsTrue(d <= 1e-5 + 1e-4 * Math.Abs(engine[i][j]), $"parameter {i} ({n.Parameters[i].Name}), component {j}: engine {engine[i][j]}, libtorch {autograd[i][j]}");
                worst = Math.Max(worst, d);
            }
        }

        // Centered differences of libtorch's own cost (epsilon 1e-3 in float32, dividing by the actual step), judged as the
        // engine's GradientChecker judges its own: relative error ||g - g~|| / (||g|| + ||g~||) below 1e-3.
        double num = 0, numericSq = 0, analyticSq = 0;
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            float[] values = before[i];
            for (int j = 0; j < values.Length; j++)
            {
                float original = values[j];
                values[j] = original + 1e-3f;
                double up = values[j] - (double)original;
                model.CopyFrom(before);
                double plus = Cost(model, torchLoss, batch, Lambda);
                values[j] = original - 1e-3f;
                double down = original - (double)values[j];
                model.CopyFrom(before);
                double minus = Cost(model, torchLoss, batch, Lambda);
                values[j] = original;
                double numeric = (plus - minus) / (up + down);
                num += (numeric - autograd[i][j]) * (numeric - autograd[i][j]);
                numericSq += numeric * numeric;
                analyticSq += autograd[i][j] * (double)autograd[i][j];
            }
        }

        double relative = Math.Sqrt(num) / (Math.Sqrt(numericSq) + Math.Sqrt(analyticSq));
        TestContext.WriteLine($"largest |engine - libtorch| {worst:E2}; finite differences relative error {relative:E2}");
        Assert.IsTrue(relative < 1e-3, $"finite differences vs libtorch autograd: {relative}");
    }

    private static float[][] Gradients(TorchNetwork model, TorchLoss loss, ExampleSet batch, float lambda)
    {
        using var scope = torch.NewDisposeScope();
        torch.Tensor cost = CostTensor(model, loss, batch, lambda);
        cost.backward();
        float[][] result = model.Parameters.Select(p => p.grad!.data<float>().ToArray()).ToArray();
        foreach (torch.Tensor p in model.Parameters)
        {
            p.grad!.zero_();
        }

        return result;
    }

    private static double Cost(TorchNetwork model, TorchLoss loss, ExampleSet batch, float lambda)
    {
        using var scope = torch.NewDisposeScope();
        using var mode = torch.no_grad();
        return CostTensor(model, loss, batch, lambda).item<float>();
    }

    private static torch.Tensor CostTensor(TorchNetwork model, TorchLoss loss, ExampleSet batch, float lambda)
    {
        int m = batch.Count;
        torch.Tensor x = torch.tensor(batch.Features, [m, batch.FeatureCount]);
        torch.Tensor y = loss.PrepareTargets(torch.tensor(batch.Targets, [m, batch.TargetWidth]));
        torch.Tensor w = torch.tensor(batch.Weights!);
        torch.Tensor cost = loss.Compute(model.Forward(x, training: true, []), y, w);
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            if (model.Regularized[i])
            {
                cost = cost + model.Parameters[i].square().sum() * (lambda / (2f * m));
            }
        }

        return cost;
    }

    private static void RestoreAll(Network n, float[][] weights) => n.RestoreWeights(weights);

    [TestMethod]
    public void EarlyStoppingStopsAndRestoresTheBestEpochsWeights()
    {
        ExampleSet train = MLNetDeep.Neural.Datasets.SyntheticData.Moons(40, 0.4, seed: 1), validation = MLNetDeep.Neural.Datasets.SyntheticData.Moons(200, 0.4, seed: 2);
        Network n = Build(new NetworkArchitecture { HiddenLayers = [128, 128] }, 2, 1);
        INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions
        {
            LearningRate = 0.01f, NumberOfEpochs = 500, BatchSize = 40, NumberOfThreads = 1,
            EarlyStopping = new EarlyStoppingOptions { Patience = 20, MinimumDelta = 0 },
        });
        var snapshots = new Dictionary<int, float[][]>();
        trainer.EpochCompleted += (_, e) => snapshots[e.Record.Epoch] = AllWeights(n);
        TrainingResult result = trainer.Fit(train, validation);

        Assert.IsTrue(result.StoppedEarly, "the validation loss stops improving well before 500 epochs");
        Assert.AreEqual(result.BestEpoch + 20, result.History.Count, "stops exactly patience epochs after the best");
        Assert.AreEqual(result.History.Min(r => r.ValidationLoss!.Value), result.History[result.BestEpoch - 1].ValidationLoss!.Value);
        float[][] best = snapshots[result.BestEpoch], final = AllWeights(n);
        for (int i = 0; i < best.Length; i++)
        {
            CollectionAssert.AreEqual(best[i], final[i], $"array {i}: the network ends with the best epoch's weights");
        }
    }

    [TestMethod]
    public void AnEpochHandlerCanStopTrainingAndSeesTheEpochsWeights()
    {
        Network n = Build(Small, 2, 1);
        INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 50, NumberOfThreads = 1 });
        float[][] start = AllWeights(n);
        bool changed = false;
        trainer.EpochCompleted += (_, e) =>
        {
            changed |= !AllWeights(n)[0].SequenceEqual(start[0]);
            e.Stop = e.Record.Epoch == 4;
        };
        TrainingResult r = trainer.Fit(Moons());
        Assert.AreEqual(4, r.History.Count);
        Assert.IsTrue(r.StoppedEarly);
        Assert.IsTrue(changed, "the network holds the trained weights during the event");
    }

    [TestMethod]
    public void CancellationStopsAfterTheBatchDuringWhichItCameOnBothBackends()
    {
        // Cancelled from the handler of epoch 2: both backends run one more batch, then throw; they end at the same weights.
        float[][] Train(TrainingBackend backend)
        {
            Network n = Build(Small, 2, 1);
            using var cts = new CancellationTokenSource();
            INetworkTrainer trainer = backend.CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 16, NumberOfEpochs = 100, Seed = 2, NumberOfThreads = 1 });
            trainer.EpochCompleted += (_, e) =>
            {
                if (e.Record.Epoch == 2)
                {
                    cts.Cancel();
                }
            };
            Assert.ThrowsExactly<OperationCanceledException>(() => trainer.Fit(Moons(), cancellationToken: cts.Token));
            return AllWeights(n);
        }

        float[][] managed = Train(TrainingBackend.Managed), libtorch = Train(new TorchSharpBackend());
        Network a = Build(Small, 2, 1), b = Build(Small, 2, 1);
        a.RestoreWeights(managed);
        b.RestoreWeights(libtorch);
        Assert.IsTrue(Parity.MaxRelativeDifference(a, b) <= ParityTests.WeightTolerance, "both stop after the same batch");
        Network c = Build(Small, 2, 1);
        new NetworkTrainer(c, new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 16, NumberOfEpochs = 2, Seed = 2, NumberOfThreads = 1 }).Fit(Moons());
        Assert.IsTrue(Parity.MaxRelativeDifference(c, b) > 1e-6, "one batch of epoch 3 was trained");
    }

    [TestMethod]
    public void DivergenceNamesEpochAndBatchAndKeepsTheEpochStartWeights()
    {
        Network n = Build(new NetworkArchitecture { HiddenLayers = [16], Initializer = Initializer.RandomNormal(10) }, 2, 1);
        INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(n, new MeanSquaredError(), new TrainingOptions
        {
            LearningRate = 1e6f, BatchSize = 20, NumberOfEpochs = 50, NumberOfThreads = 1,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
        });
        float[][] atEpochStart = AllWeights(n);
        int lastCompleted = 0;
        trainer.EpochCompleted += (_, e) => { atEpochStart = AllWeights(n); lastCompleted = e.Record.Epoch; };
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => trainer.Fit(Moons()));
        TestContext.WriteLine(e.Message);
        StringAssert.Contains(e.Message, $"epoch {e.Epoch}, batch {e.Batch}");
        Assert.AreEqual(lastCompleted + 1, e.Epoch);
        float[][] kept = AllWeights(n);
        for (int i = 0; i < kept.Length; i++)
        {
            CollectionAssert.AreEqual(atEpochStart[i], kept[i], $"array {i}: the weights from the start of the diverging epoch");
        }
    }

    [TestMethod]
    public void LargeButFiniteGradientsAreClippedLikeTheEnginesNotReportedAsDivergence()
    {
        // Output-layer gradients of about 1e17 over 80,000 weights: their squares sum to about 1e39, past float32's
        // range but not double's. The engine sums in double and clips; libtorch summed in float32, got an infinite norm
        // and reported a divergence (advising the clipping that was on).
        int n = 64, f = 4, k = 10;
        var rng = new Rng(1);
        var x = new float[n * f];
        var y = new float[n * k];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 1.5e18f * (float)(0.5 + rng.NextDouble());
        }

        var data = new ExampleSet(x, f, y, k);
        var arch = new NetworkArchitecture { HiddenLayers = [8192] };
        var o = new TrainingOptions
        {
            NumberOfEpochs = 2, BatchSize = 64, NumberOfThreads = 1, LearningRate = 0.01f, GradientClipNorm = 1f,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
        };
        Network managed = Build(arch, f, k), torchNet = Build(arch, f, k);
        TrainingResult m = TrainingBackend.Managed.CreateTrainer(managed, new MeanSquaredError(), o).Fit(data);
        TrainingResult t = new TorchSharpBackend().CreateTrainer(torchNet, new MeanSquaredError(), o).Fit(data);
        Assert.AreEqual(2, t.History.Count);
        Assert.AreEqual(m.History[^1].Loss, t.History[^1].Loss, ParityTests.LossTolerance * m.History[^1].Loss, "the same clipped step");
        Assert.IsTrue(Parity.MaxRelativeDifference(managed, torchNet) <= ParityTests.WeightTolerance, $"weights: {Parity.MaxRelativeDifference(managed, torchNet)}");
    }

    [TestMethod]
    public void SquaredErrorsBeyondFloat32AreALossTheEngineTrainsOnNotADivergence()
    {
        // Targets of about 1e20: (z - y)^2 is about 1e40, finite in the engine's double but infinite in float32, where
        // libtorch reported "the loss became Infinity". At a learning rate to match, the engine trains on; so must libtorch.
        ExampleSet data = Regression(64);
        for (int i = 0; i < data.Targets.Length; i++)
        {
            data.Targets[i] = 1e20f * (1.5f + data.Targets[i]);
        }

        var o = new TrainingOptions
        {
            NumberOfEpochs = 2, BatchSize = 16, NumberOfThreads = 1, LearningRate = 1e-21f,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
        };
        Parity.Outcome r = Run(Small, new MeanSquaredError(), data, o);
        TestContext.WriteLine(r.ToString());
        Assert.IsTrue(double.IsFinite(r.TorchResult.History[^1].Loss) && r.TorchResult.History[^1].Loss > 1e39, $"loss {r.TorchResult.History[^1].Loss}");
        Assert.IsTrue(r.LossDifference <= ParityTests.LossTolerance, r.ToString());
        Assert.IsTrue(r.WeightDifference <= ParityTests.WeightTolerance, r.ToString());
        Assert.IsTrue(r.MetricDifference <= ParityTests.LossTolerance * r.ManagedResult.History[^1].Metric, r.ToString());
    }

    [TestMethod]
    public void ResumingFromACheckpointEndsWhereAnUninterruptedRunDoes()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-torch-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var arch = new NetworkArchitecture { HiddenLayers = [16, 8], BatchNorm = true, DropoutRate = 0.2f };
            TrainingOptions Options(int epochs, string? path = null) => new()
            {
                NumberOfEpochs = epochs, BatchSize = 32, Seed = 5, LearningRate = 0.01f, NumberOfThreads = 1, CheckpointPath = path,
                Schedule = MLNetDeep.Neural.Schedules.LearningRateSchedule.Cosine(1), ValidationFraction = 0.2f,
                EarlyStopping = new EarlyStoppingOptions { Patience = 50 },
            };
            ExampleSet data = Blobs();
            var loss = new SoftmaxCrossEntropy();
            var torchBackend = new TorchSharpBackend();

            Network whole = Build(arch, 2, 4);
            TrainingResult expected = torchBackend.CreateTrainer(whole, loss, Options(8)).Fit(data);

            string path = Path.Combine(folder, "run.ckpt");
            Network first = Build(arch, 2, 4);
            INetworkTrainer interrupted = torchBackend.CreateTrainer(first, loss, Options(8, path));
            interrupted.EpochCompleted += (_, e) => e.Stop = e.Record.Epoch == 3; // the last epoch run is checkpointed
            interrupted.Fit(data);
            Network resumed = Build(arch, 2, 4);
            TrainingResult actual = torchBackend.CreateTrainer(resumed, loss, Options(8, path)).Resume(path, data);
            Assert.AreEqual(8, actual.History.Count);
            Assert.IsGreaterThanOrEqualTo(actual.History.Sum(h => h.Seconds), actual.History[^1].TrainingSeconds,
                "the training time counts the checkpoint's (epochs 1-3) and this run's (epochs 4-8)");
            Assert.AreEqual(expected.BestEpoch, actual.BestEpoch);
            Assert.IsTrue(Parity.MaxRelativeDifference(whole, resumed) <= 1e-6, $"resumed on libtorch: {Parity.MaxRelativeDifference(whole, resumed)}");
            for (int e = 0; e < 8; e++)
            {
                Assert.AreEqual(expected.History[e].Loss, actual.History[e].Loss, 1e-6 * expected.History[e].Loss, $"epoch {e + 1}");
            }

            // The checkpoint format is the engine's: the managed trainer resumes a libtorch checkpoint and vice versa.
            Network managedWhole = Build(arch, 2, 4);
            TrainingBackend.Managed.CreateTrainer(managedWhole, loss, Options(8)).Fit(data);
            string managedPath = Path.Combine(folder, "managed.ckpt");
            INetworkTrainer managedInterrupted = TrainingBackend.Managed.CreateTrainer(Build(arch, 2, 4), loss, Options(8, managedPath));
            managedInterrupted.EpochCompleted += (_, e) => e.Stop = e.Record.Epoch == 3;
            managedInterrupted.Fit(data);
            Network crossed = Build(arch, 2, 4);
            torchBackend.CreateTrainer(crossed, loss, Options(8, managedPath)).Resume(managedPath, data);
            Assert.IsTrue(Parity.MaxRelativeDifference(managedWhole, crossed) <= ParityTests.WeightTolerance, $"managed checkpoint resumed on libtorch: {Parity.MaxRelativeDifference(managedWhole, crossed)}");
            Network back = Build(arch, 2, 4);
            TrainingBackend.Managed.CreateTrainer(back, loss, Options(8, path)).Resume(path, data);
            Assert.IsTrue(Parity.MaxRelativeDifference(managedWhole, back) <= ParityTests.WeightTolerance, $"libtorch checkpoint resumed on managed: {Parity.MaxRelativeDifference(managedWhole, back)}");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [TestMethod]
    public void NoTensorOutlivesItsBatch()
    {
        // libtorch memory is held by live tensors: after the first epoch the live count stays flat.
        Network n = Build(new NetworkArchitecture { HiddenLayers = [32, 16], BatchNorm = true, DropoutRate = 0.2f }, 2, 4);
        INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions
        {
            NumberOfEpochs = 12, BatchSize = 16, NumberOfThreads = 1, GradientClipNorm = 1f, L2Regularization = 0.1f, ValidationFraction = 0.2f,
        });
        var live = new List<long>();
        trainer.EpochCompleted += (_, _) => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Fit(Blobs());
        TestContext.WriteLine($"live tensors before {before}, per epoch {string.Join(", ", live)}, after {DisposeScopeManager.Statistics.ThreadTotalLiveCount}");
        Assert.IsTrue(live.Skip(1).All(c => c == live[1]), $"live tensors per epoch: {string.Join(", ", live)}");
        Assert.AreEqual(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount, "every tensor is disposed after training");
    }

    [TestMethod]
    public void ASecondFitContinuesTheOptimizersStateAsTheManagedTrainerDoes()
    {
        // The managed trainer keeps its optimizer between calls: a second Fit continues Adam's moments and step count.
        // The libtorch trainer must do the same, so the two end together (a fresh Adam would be 6e-2 apart here).
        var o = new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 2, BatchSize = 32, Seed = 3, NumberOfThreads = 1 };
        Network managed = Build(Small, 2, 1), torchNet = Build(Small, 2, 1);
        INetworkTrainer m = TrainingBackend.Managed.CreateTrainer(managed, new BinaryCrossEntropy(), o);
        INetworkTrainer t = new TorchSharpBackend().CreateTrainer(torchNet, new BinaryCrossEntropy(), o);
        m.Fit(Moons());
        t.Fit(Moons());
        m.Fit(Moons());
        t.Fit(Moons());
        double d = Parity.MaxRelativeDifference(managed, torchNet);
        TestContext.WriteLine($"after two Fit calls: {d:E2}");
        Assert.IsTrue(d <= ParityTests.WeightTolerance, $"weights after a second Fit: {d}");
    }

    [TestMethod]
    public void NumberOfThreadsHoldsWhileTrainingAndTheProcessCountComesBackAfter()
    {
        // libtorch's thread count is process-wide: a run uses its NumberOfThreads and then puts back what the process had,
        // also when the run ends with an exception (here a divergence).
        TorchSharpBackend.EnsureAvailable();
        int original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(3);
            var seen = new List<int>();
            INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 2, NumberOfThreads = 1 });
            trainer.EpochCompleted += (_, _) => seen.Add(torch.get_num_threads());
            trainer.Fit(Moons(64));
            CollectionAssert.AreEqual(new[] { 1, 1 }, seen, "NumberOfThreads while training");
            Assert.AreEqual(3, torch.get_num_threads(), "the process's count after the run");

            INetworkTrainer diverging = new TorchSharpBackend().CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions
            {
                NumberOfEpochs = 2, NumberOfThreads = 2, LearningRate = 1e20f, Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
            });
            Assert.ThrowsExactly<TrainingDivergedException>(() => diverging.Fit(Moons(64)));
            Assert.AreEqual(3, torch.get_num_threads(), "the process's count after a run that threw");
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    [TestMethod]
    public void WhatTheBackendCannotHonourIsAnErrorNamingIt()
    {
        var e1 = Assert.ThrowsExactly<ArgumentException>(() => new TorchSharpBackend("gpu"));
        StringAssert.Contains(e1.Message, "Device is 'gpu'");
        var e2 = Assert.ThrowsExactly<NotSupportedException>(() => new TorchSharpBackend("cuda").CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions()));
        StringAssert.Contains(e2.Message, "CUDA is not available");
        var custom = new Network(2, [new Dense(4), new Doubler(), new Dense(1)]);
        custom.Initialize(1);
        var e3 = Assert.ThrowsExactly<NotSupportedException>(() => new TorchSharpBackend().CreateTrainer(custom, new BinaryCrossEntropy(), new TrainingOptions()));
        StringAssert.Contains(e3.Message, "Doubler v0");
        var future = new Network(2, [new Dense(4), new Doubler(new LayerSpec { Kind = "Relu", Version = 2 }), new Dense(1)]);
        var e3b = Assert.ThrowsExactly<NotSupportedException>(() => new TorchSharpBackend().CreateTrainer(future, new BinaryCrossEntropy(), new TrainingOptions()));
        StringAssert.Contains(e3b.Message, "cannot train the layer Relu v2; it runs version 1 of Dense");
        var e4 = Assert.ThrowsExactly<ArgumentException>(() => new TorchSharpBackend().CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 0 }));
        StringAssert.Contains(e4.Message, "BatchSize is 0");

        ExampleSet bad = Moons(10);
        bad.Targets[7] = 2f;
        var e5 = Assert.ThrowsExactly<ArgumentException>(() => new TorchSharpBackend().CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions()).Fit(bad));
        StringAssert.Contains(e5.Message, "row 7");
        // An empty validation set is refused before training, by both backends alike (libtorch failed after an epoch
        // with "invalid value for 'offset': 0", the engine with a message about shapes).
        foreach (TrainingBackend backend in new TrainingBackend[] { TrainingBackend.Managed, new TorchSharpBackend() })
        {
            int epochs = 0;
            INetworkTrainer trainer = backend.CreateTrainer(Build(Small, 2, 1), new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 2, NumberOfThreads = 1 });
            trainer.EpochCompleted += (_, _) => epochs++;
            var e6 = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Moons(10), new ExampleSet([], 2, [], 1)));
            StringAssert.Contains(e6.Message, "The validation data has no rows", backend.Name);
            Assert.AreEqual(0, epochs, $"{backend.Name}: refused before training");
        }

        Assert.AreEqual("torchsharp", new TorchSharpBackend().Name);
        Assert.AreEqual("cuda:1", new TorchSharpBackend(" CUDA:1 ").Device);
    }
}
