namespace MLNetDeep.Tests;

using Microsoft.ML;
using MLNetDeep.Trainers;

/// <summary>Issue 11: the default recipe through a real ML.NET pipeline on the real Fashion-MNIST.</summary>
[TestClass]
public sealed class FashionMnistTests
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [TestMethod]
    [TestCategory("Slow")]
    public void The_default_recipe_reaches_90_percent_through_an_MLNET_pipeline()
    {
        if (!File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz")))
        {
            Assert.Inconclusive($"The real Fashion-MNIST is not in {Folder}: apt-get install dataset-fashion-mnist");
        }

        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromIdx(Path.Combine(Folder, "train"));
        IDataView test = ml.Data.LoadFromIdx(Path.Combine(Folder, "t10k"));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options()));
        using var model = (IDisposable)pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(((ITransformer)model).Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.90, metrics.MicroAccuracy, $"test accuracy {metrics.MicroAccuracy:F4} (the default recipe, 20 epochs)");
    }
}
