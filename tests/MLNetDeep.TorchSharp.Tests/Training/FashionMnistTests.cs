namespace MLNetDeep.TorchSharp.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Samples;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;

[TestClass]
public sealed class FashionMnistTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public void TheDefaultRecipeLearnsFashionMnistOnLibTorch()
    {
        if (!FashionMnist.IsAvailable())
        {
            Assert.Inconclusive($"Fashion-MNIST is not under {FashionMnist.DefaultFolder}: apt-get install dataset-fashion-mnist");
        }

        ExampleSet train = FashionMnist.Load(FashionMnist.DefaultFolder, "train"), test = FashionMnist.Load(FashionMnist.DefaultFolder, "t10k");
        // The trainers' default recipe (784-256-128-10, batch norm, dropout 0.2, Adam 0.003, cosine), 3 epochs.
        Network n = new NetworkArchitecture { HiddenLayers = [256, 128], BatchNorm = true, DropoutRate = 0.2f }.Build(784, 10);
        n.Initialize(1);
        INetworkTrainer trainer = new TorchSharpBackend().CreateTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions
        {
            LearningRate = 0.003f, NumberOfEpochs = 3, BatchSize = 128, Schedule = LearningRateSchedule.Cosine(), Seed = 1,
            NumberOfThreads = 1, // libtorch's OpenMP threads spin: on a CI machine shared with other test assemblies, 2 threads take 10x longer
        });
        trainer.EpochCompleted += (_, e) => TestContext.WriteLine($"epoch {e.Record.Epoch}: loss {e.Record.Loss:F4}, accuracy {e.Record.Metric:F4}, {e.Record.Seconds:F2} s");
        trainer.Fit(train);

        var output = new float[test.Count * 10];
        n.Predict(test.Features, test.Count, output); // the managed network holds what libtorch trained
        double accuracy = new SoftmaxCrossEntropy().MetricSum(output, test.Targets, test.Count, 10) / test.Count;
        TestContext.WriteLine($"test accuracy {accuracy:F4}");
        Assert.IsTrue(accuracy >= 0.85, $"test accuracy {accuracy} after 3 epochs (the managed engine reaches about 0.87)");
    }
}
