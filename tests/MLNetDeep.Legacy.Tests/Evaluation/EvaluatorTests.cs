namespace MLNetDeep.Legacy.Tests.Evaluation;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class EvaluatorTests
{
    private sealed class Scored
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private static Scored Row(bool label, float p) => new() { Label = label, Score = MathF.Log(p / (1 - p)), Probability = p, PredictedLabel = p > 0.5f };

    [TestMethod]
    public void BinaryMetricsMatchHandComputedValues()
    {
        // labels:      T    T    F    F    T
        // probability: 0.9  0.4  0.3  0.6  0.8   -> predicted T F F T T : TP 2, FN 1, TN 1, FP 1
        Scored[] rows = [Row(true, 0.9f), Row(true, 0.4f), Row(false, 0.3f), Row(false, 0.6f), Row(true, 0.8f)];
        var m = new DeepContext().BinaryClassification.Evaluate(new DeepContext().Data.LoadFromEnumerable(rows));
        Assert.AreEqual(3 / 5.0, m.Accuracy, 1e-12);
        Assert.AreEqual(2 / 3.0, m.PositivePrecision, 1e-12);
        Assert.AreEqual(2 / 3.0, m.PositiveRecall, 1e-12);
        Assert.AreEqual(1 / 2.0, m.NegativePrecision, 1e-12);
        Assert.AreEqual(1 / 2.0, m.NegativeRecall, 1e-12);
        Assert.AreEqual(2 / 3.0, m.F1Score, 1e-12);
        // AUC: positive/negative pairs ranked right: (0.9>0.3,0.6) (0.4>0.3) (0.8>0.3,0.6) = 5 of 6
        Assert.AreEqual(5 / 6.0, m.AreaUnderRocCurve, 1e-12);
        double logLoss = -(Math.Log2(0.9) + Math.Log2(0.4) + Math.Log2(0.7) + Math.Log2(0.4) + Math.Log2(0.8)) / 5;
        Assert.AreEqual(logLoss, m.LogLoss, 1e-6);
        double entropy = -(0.6 * Math.Log2(0.6) + 0.4 * Math.Log2(0.4));
        Assert.AreEqual(entropy, m.Entropy, 1e-12);
        Assert.AreEqual((entropy - logLoss) / entropy, m.LogLossReduction, 1e-6);
        // average precision: thresholds 0.9 (P1,R1/3), 0.8 (P1,R2/3), 0.6 (P2/3), 0.4 (P3/4,R1) -> 1/3 + 1/3 + 0 + 1/3*3/4
        Assert.AreEqual(1 / 3.0 + 1 / 3.0 + 0.25, m.AreaUnderPrecisionRecallCurve, 1e-9);
        Assert.AreEqual(2.0, m.ConfusionMatrix.Counts[0][0]);
        Assert.AreEqual(1.0, m.ConfusionMatrix.Counts[0][1]);
        Assert.AreEqual(1.0, m.ConfusionMatrix.Counts[1][0]);
        StringAssert.Contains(m.ConfusionMatrix.GetFormattedConfusionTable(), "positive");
    }

    [TestMethod]
    public void TiedScoresCountHalfInTheAuc()
    {
        Scored[] rows = [Row(true, 0.5f), Row(false, 0.5f)];
        var m = new DeepContext().BinaryClassification.Evaluate(new DeepContext().Data.LoadFromEnumerable(rows));
        Assert.AreEqual(0.5, m.AreaUnderRocCurve, 1e-12);
    }

    private sealed class MultiScored
    {
        [KeyType(3)]
        public uint Label { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = [];

        [KeyType(3)]
        public uint PredictedLabel { get; set; }
    }

    [TestMethod]
    public void MulticlassMetricsMatchHandComputedValues()
    {
        MultiScored[] rows =
        [
            new() { Label = 1, Score = [0.7f, 0.2f, 0.1f], PredictedLabel = 1 },
            new() { Label = 2, Score = [0.5f, 0.4f, 0.1f], PredictedLabel = 1 },
            new() { Label = 2, Score = [0.1f, 0.8f, 0.1f], PredictedLabel = 2 },
            new() { Label = 3, Score = [0.2f, 0.3f, 0.5f], PredictedLabel = 3 },
        ];
        var m = new DeepContext().MulticlassClassification.Evaluate(new DeepContext().Data.LoadFromEnumerable(rows), topKPredictionCount: 2);
        Assert.AreEqual(0.75, m.MicroAccuracy, 1e-12);
        Assert.AreEqual((1 + 0.5 + 1) / 3, m.MacroAccuracy, 1e-12);
        double ll = -(Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.8) + Math.Log(0.5)) / 4;
        Assert.AreEqual(ll, m.LogLoss, 1e-6);
        double prior = -(0.25 * Math.Log(0.25) * 2 + 0.5 * Math.Log(0.5));
        Assert.AreEqual((prior - ll) / prior, m.LogLossReduction, 1e-6);
        Assert.AreEqual(1.0, m.TopKAccuracy, 1e-12, "every true class is in the top 2");
        CollectionAssert.AreEqual(new[] { 0.75, 1.0 }, m.TopKAccuracyForAllK.ToArray());
        Assert.AreEqual(-(Math.Log(0.4) + Math.Log(0.8)) / 2, m.PerClassLogLoss[1], 1e-6);
        Assert.AreEqual(0.5, m.ConfusionMatrix.PerClassRecall[1], 1e-12);
        Assert.AreEqual(0.5, m.ConfusionMatrix.PerClassPrecision[0], 1e-12);
    }

    private sealed class RegScored
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }

    [TestMethod]
    public void RegressionMetricsMatchHandComputedValues()
    {
        RegScored[] rows = [new() { Label = 1, Score = 2 }, new() { Label = 2, Score = 2 }, new() { Label = 3, Score = 5 }];
        var m = new DeepContext().Regression.Evaluate(new DeepContext().Data.LoadFromEnumerable(rows));
        Assert.AreEqual(1.0, m.MeanAbsoluteError, 1e-12);
        Assert.AreEqual(5 / 3.0, m.MeanSquaredError, 1e-12);
        Assert.AreEqual(1 - 5.0 / 2.0, m.RSquared, 1e-12, "SS_res 5, SS_tot 2");
    }

    [TestMethod]
    public void EvaluateNamesAMissingOrMistypedColumn()
    {
        var ctx = new DeepContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Regression.Evaluate(ctx.Data.LoadFromEnumerable(new[] { new RegScored() }), scoreColumnName: "Prediction"));
        StringAssert.Contains(e.Message, "score column 'Prediction' is not in the data");
    }
}
