namespace MLNetDeep.Legacy.Tests.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Legacy.Trainers;

/// <summary>
/// Issue 6, target 6: the trainers' defaults (the default recipe) reach 0.90 test accuracy on the real Fashion-MNIST
/// within their 20 epochs. The defaults themselves are pinned here, so a change to one is a deliberate change.
/// </summary>
[TestClass]
public sealed class DefaultRecipeTests
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    [TestMethod]
    public void TheDefaultRecipeIsTwoBatchNormedLayersWithDropoutAndACosineAnnealedAdam()
    {
        var classifier = new FeedForwardMulticlassTrainer.Options();
        CollectionAssert.AreEqual(new[] { 256, 128 }, classifier.HiddenLayers.ToArray());
        Assert.IsTrue(classifier.BatchNormalization);
        Assert.AreEqual(0.2f, classifier.DropoutRate);
        Assert.AreEqual(0.2f, new FeedForwardBinaryTrainer.Options().DropoutRate);
        Assert.AreEqual(0f, new FeedForwardRegressionTrainer.Options().DropoutRate, "no dropout for regression");
        Assert.AreEqual(0.003f, classifier.LearningRate);
        Assert.AreEqual(LearningRateSchedule.Cosine(), classifier.LearningRateSchedule);
        Assert.AreEqual(20, classifier.NumberOfEpochs);
        Assert.AreEqual(128, classifier.BatchSize);
        Assert.AreEqual(0.3f, new FeedForwardRegressionTrainer.Options { DropoutRate = 0.3f }.DropoutRate, "an explicit rate wins over the constructor's");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void TheDefaultRecipeReachesNinetyPercentOnFashionMnistIn20Epochs()
    {
        if (!File.Exists(Path.Combine(FashionMnist, "train-images-idx3-ubyte.gz")))
        {
            Assert.Inconclusive($"Fashion-MNIST is not under {FashionMnist}: apt-get install dataset-fashion-mnist");
        }

        // As `mlnetdeep train --task multiclass` runs it: labels to keys, features standardized, every trainer default.
        var ctx = new DeepContext(seed: 0);
        IDataView train = ctx.Data.LoadFromIdx(Path.Combine(FashionMnist, "train"));
        IDataView test = ctx.Data.LoadFromIdx(Path.Combine(FashionMnist, "t10k"));
        ITransformer model = ctx.Transforms.Conversion.MapValueToKey("Label")
            .Append(ctx.Transforms.NormalizeMeanVariance("Features"))
            .Append(ctx.MulticlassClassification.Trainers.FeedForward())
            .Fit(train);
        double accuracy = ctx.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        Console.WriteLine($"default recipe: test accuracy {accuracy:F4}");
        // Measured 2026-11-22: 0.9027 here (seed 0); through the CLI (classes by value, fixZero false) 0.9036-0.9045 over seeds 0-4.
        Assert.IsGreaterThanOrEqualTo(0.90, accuracy, $"test accuracy {accuracy:F4}");
    }
}
