namespace MLNetDeep.Legacy.Tests.Trainers;

using MLNetDeep.Legacy.Data;
using static MLNetDeep.Legacy.Tests.TestData;

[TestClass]
public sealed class CrossValidateTests
{
    [TestMethod]
    public void EachFoldIsScoredByAModelTrainedOnTheOthers()
    {
        var ctx = new DeepContext(seed: 3);
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(240, 1));
        var pipeline = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [16, 8], learningRate: 0.01f, numberOfEpochs: 120, batchSize: 32));
        var folds = ctx.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 3);
        Assert.AreEqual(3, folds.Count);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, folds.Select(f => f.Fold).ToArray());
        long held = folds.Sum(f => ctx.Data.CreateEnumerable<Point>(f.ScoredHoldOutSet, false).LongCount());
        Assert.AreEqual(240, held, "the hold-out sets partition the data");
        foreach (var f in folds)
        {
            Assert.IsTrue(f.Metrics.Accuracy > 0.9, $"fold {f.Fold}: accuracy {f.Metrics.Accuracy}");
            int positives = ctx.Data.CreateEnumerable<Point>(f.ScoredHoldOutSet, false).Count(p => p.Label);
            Assert.AreEqual(40, positives, "stratified by the label: half of each 80-row fold is positive");
        }
    }

    [TestMethod]
    public void RegressionCrossValidates()
    {
        var ctx = new DeepContext(seed: 3);
        var folds = ctx.Regression.CrossValidate(ctx.Data.LoadFromEnumerable(Surface(150, 1)),
            ctx.Transforms.Concatenate("Features", "X1", "X2").Append(ctx.Regression.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 2)), numberOfFolds: 2);
        Assert.AreEqual(2, folds.Count);
        Assert.IsTrue(folds.All(f => double.IsFinite(f.Metrics.MeanSquaredError)));
    }
}
