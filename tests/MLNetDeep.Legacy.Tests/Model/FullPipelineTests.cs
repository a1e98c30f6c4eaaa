namespace MLNetDeep.Legacy.Tests.Model;

using System.Globalization;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;

[TestClass]
public sealed class FullPipelineTests
{
    private sealed class Flower
    {
        [LoadColumn(0)]
        public float X1 { get; set; }

        [LoadColumn(1)]
        public float X2 { get; set; }

        [LoadColumn(2)]
        public string Species { get; set; } = "";
    }

    private sealed class FlowerPrediction
    {
        [ColumnName("PredictedSpecies")]
        public string Species { get; set; } = "";

        [VectorType(3)]
        public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void TextLabelsThroughKeysNormalizationTrainingSaveLoadAndPrediction()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-pipeline-").FullName;
        try
        {
            // Three blobs with text labels, written as CSV with a header.
            var blobs = Neural.Datasets.SyntheticData.Blobs(300, 3, 1.0, seed: 7);
            string[] names = ["setosa", "versicolor", "virginica"];
            string csv = Path.Combine(folder, "flowers.csv");
            File.WriteAllLines(csv, new[] { "X1,X2,Species" }.Concat(Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"{blobs.Features[2 * i] * 100},{blobs.Features[2 * i + 1] * 100},{names[(int)blobs.Targets[i]]}"))));

            var ctx = new DeepContext(seed: 11);
            IDataView data = ctx.Data.LoadFromTextFile<Flower>(csv, separatorChar: ',', hasHeader: true);
            var split = ctx.Data.TrainTestSplit(data, testFraction: 0.3, samplingKeyColumnName: "Species");
            var pipeline = ctx.Transforms.Conversion.MapValueToKey("Label", "Species", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Append(ctx.Transforms.Concatenate("Features", "X1", "X2"))
                .Append(ctx.Transforms.NormalizeMeanVariance("Features", fixZero: false)) // raw features are in the hundreds
                .Append(ctx.MulticlassClassification.Trainers.FeedForward(hiddenLayers: [16], learningRate: 0.01f, numberOfEpochs: 30, batchSize: 32))
                .Append(ctx.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
            ITransformer model = pipeline.Fit(split.TrainSet);
            var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
            Assert.IsTrue(metrics.MicroAccuracy > 0.95, $"accuracy {metrics.MicroAccuracy}");
            CollectionAssert.AreEqual(names, metrics.ConfusionMatrix.ClassNames.ToArray(), "classes named by their label values, sorted");

            string path = Path.Combine(folder, "flowers.zip");
            ctx.Model.Save(model, data.Schema, path);
            ITransformer loaded = new DeepContext().Model.Load(path, out DataViewSchema schema);
            CollectionAssert.AreEqual(new[] { "X1", "X2", "Species" }, schema.Select(c => c.Name).ToArray());

            var before = ctx.Data.CreateEnumerable<FlowerPrediction>(model.Transform(split.TestSet), false).ToArray();
            var after = ctx.Data.CreateEnumerable<FlowerPrediction>(loaded.Transform(split.TestSet), false).ToArray();
            var engine = ctx.Model.CreatePredictionEngine<Flower, FlowerPrediction>(loaded);
            Flower[] flowers = ctx.Data.CreateEnumerable<Flower>(split.TestSet, false).ToArray();
            for (int i = 0; i < before.Length; i++)
            {
                Assert.AreEqual(before[i].Species, after[i].Species);
                CollectionAssert.AreEqual(before[i].Score, after[i].Score, "bit-identical after a round trip");
                FlowerPrediction single = engine.Predict(flowers[i]);
                CollectionAssert.AreEqual(before[i].Score, single.Score, "the prediction engine agrees with Transform");
                Assert.IsTrue(names.Contains(single.Species));
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
