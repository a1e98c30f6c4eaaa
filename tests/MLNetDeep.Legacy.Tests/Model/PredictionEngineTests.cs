namespace MLNetDeep.Legacy.Tests.Model;

using MLNetDeep.Legacy.Data;
using static MLNetDeep.Legacy.Tests.TestData;

[TestClass]
public sealed class PredictionEngineTests
{
    private sealed class Prediction
    {
        [ColumnName("PredictedLabel")]
        public bool Prediction1 { get; set; }

        public float Probability { get; set; }

        public float Score { get; set; }
    }

    [TestMethod]
    public void EnginePredictsWhatTransformPredicts()
    {
        var ctx = new DeepContext(seed: 1);
        Point[] rows = Moons(100, 3);
        IDataView data = ctx.Data.LoadFromEnumerable(rows);
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 5)).Fit(data);
        var batch = ctx.Data.CreateEnumerable<Prediction>(model.Transform(data), false).ToArray();
        var engine = ctx.Model.CreatePredictionEngine<Point, Prediction>(model);
        var reused = new Prediction();
        for (int i = 0; i < rows.Length; i++)
        {
            Prediction p = engine.Predict(rows[i]);
            Assert.AreEqual(batch[i].Score, p.Score, $"row {i}");
            Assert.AreEqual(batch[i].Probability, p.Probability);
            Assert.AreEqual(batch[i].Prediction1, p.Prediction1);
            engine.Predict(rows[i], ref reused);
            Assert.AreEqual(p.Score, reused.Score);
        }
    }

    private sealed class WrongInput
    {
        public float X1 { get; set; }

        public float Y { get; set; }
    }

    [TestMethod]
    public void AnInputClassWithoutAColumnThePipelineReadsIsRefusedAtCreation()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(20, 3));
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [4], numberOfEpochs: 1)).Fit(data);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Model.CreatePredictionEngine<WrongInput, Prediction>(model));
        StringAssert.Contains(e.Message, "'X2' not found");
    }

    private sealed class Strict
    {
        public float Nonexistent { get; set; }
    }

    [TestMethod]
    public void OutputMembersWithoutColumnsAreAnErrorOnlyWhenAskedFor()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(20, 3));
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [4], numberOfEpochs: 1)).Fit(data);
        _ = ctx.Model.CreatePredictionEngine<Point, Strict>(model);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ctx.Model.CreatePredictionEngine<Point, Strict>(model, ignoreMissingColumns: false));
        StringAssert.Contains(e.Message, "'Nonexistent'");
    }
}
