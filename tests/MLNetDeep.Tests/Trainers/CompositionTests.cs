namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>The trainers compose with stock ML.NET components before and after them.</summary>
[TestClass]
public sealed class CompositionTests
{
    public sealed class Review
    {
        public string Text { get; set; } = "";

        public string Shop { get; set; } = "";

        public float Stars { get; set; }

        public bool Label { get; set; }
    }

    /// <summary>Short reviews whose sentiment is in the words, with a categorical shop and a numeric column.</summary>
    private static Review[] Reviews(int count, int seed)
    {
        string[] good = ["great", "excellent", "lovely", "fast delivery", "works perfectly"];
        string[] bad = ["broken", "terrible", "slow delivery", "refund please", "stopped working"];
        string[] filler = ["the item", "this product", "overall", "I think", "my order"];
        string[] shops = ["north", "south", "east"];
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            bool positive = rng.Next(2) == 0;
            string[] words = positive ? good : bad;
            return new Review
            {
                Text = $"{filler[rng.Next(filler.Length)]} {words[rng.Next(words.Length)]} {filler[rng.Next(filler.Length)]}",
                Shop = shops[rng.Next(shops.Length)],
                Stars = (float)rng.NextDouble() * 5,
                Label = positive,
            };
        }).ToArray();
    }

    [TestMethod]
    public void FeaturizeText_one_hot_and_normalization_feed_the_network()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Reviews(400, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(Reviews(200, seed: 2));
        var pipeline = ml.Transforms.Text.FeaturizeText("TextFeatures", "Text")
            .Append(ml.Transforms.Categorical.OneHotEncoding("ShopFeatures", "Shop"))
            .Append(ml.Transforms.NormalizeMeanVariance("StarsNormalized", "Stars"))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "ShopFeatures", "StarsNormalized"))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [32], NumberOfEpochs = 15, DropoutRate = 0f }));
        using var model = (IDisposable)pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(((ITransformer)model).Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.97, metrics.Accuracy, $"accuracy {metrics.Accuracy}");
        Assert.IsGreaterThanOrEqualTo(0.97, metrics.AreaUnderRocCurve);
    }

    [TestMethod]
    public void The_network_trains_on_another_trainers_score_and_MapKeyToValue_follows_it()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TestData.Spirals(150, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(TestData.Spirals(60, seed: 2));
        // A linear one-versus-all model's class scores become extra features of the network.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20))
            .Append(ml.Transforms.CopyColumns("LinearScores", "Score"))
            .Append(ml.Transforms.Concatenate("Stacked", "Features", "LinearScores"))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
            {
                FeatureColumnName = "Stacked", HiddenLayers = [32, 32], NumberOfEpochs = 80, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        using var model = (IDisposable)pipeline.Fit(train);
        IDataView scored = ((ITransformer)model).Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.IsGreaterThanOrEqualTo(0.9, metrics.MicroAccuracy, $"accuracy {metrics.MicroAccuracy}");
        string[] truth = scored.GetColumn<string>("Class").ToArray();
        string[] predicted = scored.GetColumn<string>("PredictedClass").ToArray();
        double agree = truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.AreEqual(metrics.MicroAccuracy, agree, 1e-9, "MapKeyToValue gives back the class names the evaluator scored");
    }

    [TestMethod]
    public void TrainTestSplit_then_fit_and_evaluate()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestData.Surface(600, seed: 1)), testFraction: 0.25, seed: 3);
        using var model = (IDisposable)TrainerCase.For("regression").Pipeline(ml).Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(((ITransformer)model).Transform(split.TestSet), labelColumnName: "Value");
        Assert.IsGreaterThanOrEqualTo(0.97, metrics.RSquared, $"R^2 {metrics.RSquared}");
    }
}
