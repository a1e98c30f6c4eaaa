namespace MLNetDeep.Legacy.Tests.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Trainers;
using static MLNetDeep.Legacy.Tests.TestData;

[TestClass]
public sealed class FeedForwardTrainerTests
{
    private sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        [ColumnName("PredictedLabel")]
        public bool Prediction { get; set; }
    }

    private sealed class MulticlassPrediction
    {
        [ColumnName("PredictedLabel")]
        [KeyType(3)]
        public uint Predicted { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void BinaryPipelineTrainsScoresAndEvaluates()
    {
        var ctx = new DeepContext(seed: 1);
        IDataView train = ctx.Data.LoadFromEnumerable(Moons(300, 1));
        IDataView test = ctx.Data.LoadFromEnumerable(Moons(200, 2));
        var pipeline = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [16, 8], learningRate: 0.01f, numberOfEpochs: 60, batchSize: 32));
        var model = pipeline.Fit(train);
        IDataView scored = model.Transform(test);
        var metrics = ctx.BinaryClassification.Evaluate(scored);
        Assert.IsTrue(metrics.Accuracy > 0.95, $"accuracy {metrics.Accuracy}");
        Assert.IsTrue(metrics.AreaUnderRocCurve > 0.98, $"AUC {metrics.AreaUnderRocCurve}");
        Assert.IsTrue(metrics.LogLossReduction > 0.7, $"log-loss reduction {metrics.LogLossReduction}");

        var rows = ctx.Data.CreateEnumerable<BinaryPrediction>(scored, reuseRowObject: false).ToArray();
        Assert.AreEqual(200, rows.Length);
        foreach (var r in rows)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-r.Score)), r.Probability, 1e-6, "Probability = sigmoid(Score)");
            Assert.AreEqual(r.Score > 0, r.Prediction, "PredictedLabel = Score > 0");
        }

        Assert.AreEqual(60, model.LastTransformer!.Model.History.Count);
    }

    [TestMethod]
    public void MulticlassTrainerOutputsProbabilitiesAndKeyPredictions()
    {
        var ctx = new DeepContext(seed: 2);
        IDataView train = ctx.Data.LoadFromEnumerable(Blobs(300, 1));
        var model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.MulticlassClassification.Trainers.FeedForward(hiddenLayers: [16], learningRate: 0.01f, numberOfEpochs: 40, batchSize: 32))
            .Fit(train);
        IDataView scored = model.Transform(ctx.Data.LoadFromEnumerable(Blobs(150, 2)));
        var metrics = ctx.MulticlassClassification.Evaluate(scored, topKPredictionCount: 2);
        Assert.IsTrue(metrics.MicroAccuracy > 0.9, $"micro accuracy {metrics.MicroAccuracy}");
        Assert.IsTrue(metrics.TopKAccuracy >= metrics.MicroAccuracy);
        Assert.AreEqual(3, metrics.ConfusionMatrix.NumberOfClasses);
        foreach (var r in ctx.Data.CreateEnumerable<MulticlassPrediction>(scored, false))
        {
            Assert.AreEqual(1.0, r.Score.Sum(), 1e-5, "class probabilities sum to 1");
            Assert.AreEqual(Array.IndexOf(r.Score, r.Score.Max()) + 1, (int)r.Predicted, "PredictedLabel is the most probable class (1-based key)");
        }
    }

    [TestMethod]
    public void RegressionTrainerFitsASmoothSurface()
    {
        var ctx = new DeepContext(seed: 3);
        var options = new FeedForwardRegressionTrainer.Options
        {
            HiddenLayers = [32, 32], // the regression defaults otherwise: batch norm, no dropout, cosine annealing
            Activation = Neural.Layers.Activation.Tanh,
            LearningRate = 0.01f,
            NumberOfEpochs = 150,
            BatchSize = 32,
        };
        var model = ctx.Transforms.Concatenate("Features", "X1", "X2").Append(ctx.Regression.Trainers.FeedForward(options)).Fit(ctx.Data.LoadFromEnumerable(Surface(400, 1)));
        var metrics = ctx.Regression.Evaluate(model.Transform(ctx.Data.LoadFromEnumerable(Surface(200, 2))));
        Assert.IsTrue(metrics.RSquared > 0.97, $"R^2 {metrics.RSquared}");
        Assert.AreEqual(Math.Sqrt(metrics.MeanSquaredError), metrics.RootMeanSquaredError, 1e-12);
    }

    [TestMethod]
    public void SchemaErrorsComeBeforeTrainingAndNameTheColumnAndTypes()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Transforms.Concatenate("Features", "X1", "X2").Fit(ctx.Data.LoadFromEnumerable(Moons(10, 1))).Transform(ctx.Data.LoadFromEnumerable(Moons(10, 1)));

        var e1 = Assert.ThrowsExactly<ArgumentException>(() => ctx.BinaryClassification.Trainers.FeedForward(labelColumnName: "Target").Fit(data));
        StringAssert.Contains(e1.Message, "label column 'Target' is not in the training data");

        var e2 = Assert.ThrowsExactly<ArgumentException>(() => ctx.Regression.Trainers.FeedForward().Fit(data));
        StringAssert.Contains(e2.Message, "label column 'Label' of the training data must be Single; found Boolean");

        var e3 = Assert.ThrowsExactly<ArgumentException>(() => ctx.MulticlassClassification.Trainers.FeedForward().Fit(data));
        StringAssert.Contains(e3.Message, "must be a key; found Boolean");
        StringAssert.Contains(e3.Message, "MapValueToKey");

        var e4 = Assert.ThrowsExactly<ArgumentException>(() => ctx.BinaryClassification.Trainers.FeedForward(featureColumnName: "X1").Fit(data));
        StringAssert.Contains(e4.Message, "feature column 'X1' of the training data must be a known-size vector of Single; found Single");
    }

    private sealed class VariableRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [TestMethod]
    public void AVariableSizeFeatureVectorIsRefused()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { new VariableRow { Features = [1, 2], Label = true } });
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.BinaryClassification.Trainers.FeedForward().Fit(data));
        StringAssert.Contains(e.Message, "variable size");
    }

    [TestMethod]
    public void BadOptionsFailWhenTheTrainerIsCreated()
    {
        var ctx = new DeepContext();
        (FeedForwardBinaryTrainer.Options Options, string Expected)[] cases =
        [
            (new() { LearningRate = -1 }, "LearningRate is -1"),
            (new() { DropoutRate = 1 }, "DropoutRate is 1"),
            (new() { HiddenLayers = [] }, ""),
            (new() { HiddenLayers = [10, 0] }, "HiddenLayers[1] is 0"),
            (new() { BatchSize = 0 }, "BatchSize is 0"),
            (new() { AdamBeta2 = 1 }, "AdamBeta2 is 1"),
            (new() { EarlyStoppingPatience = 0 }, "EarlyStoppingPatience is 0"),
        ];
        foreach (var (options, expected) in cases)
        {
            if (expected.Length == 0)
            {
                _ = ctx.BinaryClassification.Trainers.FeedForward(options); // a linear model is valid
                continue;
            }

            var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.BinaryClassification.Trainers.FeedForward(options));
            StringAssert.Contains(e.Message, expected);
        }
    }

    private sealed class WeightedPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }

        public float Weight { get; set; }
    }

    [TestMethod]
    public void ExampleWeightsAreHonoured()
    {
        // Half the rows carry the wrong label. Weighted 0 they are ignored and the model learns the true moons;
        // weighted 1 the model cannot do better than chance on them.
        var ctx = new DeepContext(seed: 1);
        var clean = Moons(300, 1);
        var rows = clean.Select(p => new WeightedPoint { X1 = p.X1, X2 = p.X2, Label = p.Label, Weight = 1 })
            .Concat(clean.Select(p => new WeightedPoint { X1 = p.X1, X2 = p.X2, Label = !p.Label, Weight = 0 })).ToArray();
        var model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(exampleWeightColumnName: "Weight", hiddenLayers: [16, 8], learningRate: 0.01f, numberOfEpochs: 60, batchSize: 32))
            .Fit(ctx.Data.LoadFromEnumerable(rows));
        var metrics = ctx.BinaryClassification.Evaluate(model.Transform(ctx.Data.LoadFromEnumerable(Moons(200, 2))));
        Assert.IsTrue(metrics.Accuracy > 0.95, $"zero-weight rows must not pull the model: accuracy {metrics.Accuracy}");
    }
}
