namespace MLNetDeep.Legacy.Tests.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Legacy.Trainers;
using static MLNetDeep.Legacy.Tests.TestData;

/// <summary>
/// Transform scores in blocks (<see cref="BlockScoringCursor"/>); the prediction engine scores one row at a time. The
/// two must agree bit for bit, over several blocks, a last block thinner than the GEMM micro-tile, narrow
/// transcendental layers, and with the input columns passed through unchanged.
/// </summary>
[TestClass]
public sealed class BlockScoringTests
{
    private sealed class Row
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        [KeyType(3)]
        public uint Label { get; set; }

        public string Name { get; set; } = "";

        [VectorType(3)]
        public float[] Extra { get; set; } = new float[3];
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];

        public string Name { get; set; } = "";

        public float[] Extra { get; set; } = [];

        public float X1 { get; set; }
    }

    [TestMethod]
    [DataRow(Activation.Relu, 7)]
    [DataRow(Activation.Tanh, 3)]
    [DataRow(Activation.Sigmoid, 5)]
    public void TransformGivesTheEnginesBitsAndPassesInputsThrough(Activation activation, int width)
    {
        var ctx = new DeepContext(seed: 3);
        // 2 full blocks + 3 rows: the last block is thinner than the GEMM micro-tile (6 rows).
        int n = (2 * BlockScoringCursor.BlockSize) + 3;
        Row[] rows = Blobs(n, 5).Select((p, i) => new Row
        {
            X1 = p.X1, X2 = p.X2, Label = p.Label, Name = $"row {i}", Extra = [i, -i, i * 0.5f],
        }).ToArray();
        IDataView data = ctx.Data.LoadFromEnumerable(rows);
        var options = new FeedForwardMulticlassTrainer.Options { HiddenLayers = [width, 9], Activation = activation, NumberOfEpochs = 2 };
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.MulticlassClassification.Trainers.FeedForward(options)).Fit(data);

        Output[] batch = ctx.Data.CreateEnumerable<Output>(model.Transform(data), reuseRowObject: false).ToArray();
        var engine = ctx.Model.CreatePredictionEngine<Row, Output>(model);
        Assert.AreEqual(n, batch.Length);
        for (int i = 0; i < n; i++)
        {
            Output single = engine.Predict(rows[i]);
            CollectionAssert.AreEqual(
                single.Score.Select(BitConverter.SingleToInt32Bits).ToArray(),
                batch[i].Score.Select(BitConverter.SingleToInt32Bits).ToArray(), $"row {i}");
            Assert.AreEqual(rows[i].Name, batch[i].Name);
            Assert.AreEqual(rows[i].X1, batch[i].X1);
            CollectionAssert.AreEqual(rows[i].Extra, batch[i].Extra);
        }
    }

    [TestMethod]
    public void ACursorServesPositionsAndRereadsAreStable()
    {
        var ctx = new DeepContext(seed: 3);
        int n = BlockScoringCursor.BlockSize + 1;
        IDataView data = ctx.Data.LoadFromEnumerable(Blobs(n, 5));
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.MulticlassClassification.Trainers.FeedForward(hiddenLayers: [4], numberOfEpochs: 1)).Fit(data);
        IDataView scored = model.Transform(data);
        DataViewSchema.Column score = scored.Schema["Score"];
        using DataViewRowCursor cursor = scored.GetRowCursor([score]);
        ValueGetter<float[]> get = cursor.GetGetter<float[]>(score);
        float[] first = [], again = [];
        long rowsRead = 0;
        while (cursor.MoveNext())
        {
            Assert.AreEqual(rowsRead++, cursor.Position);
            get(ref first);
            get(ref again);
            CollectionAssert.AreEqual(first, again);
        }

        Assert.AreEqual((long)n, rowsRead);
        Assert.IsFalse(cursor.MoveNext());
    }
}
