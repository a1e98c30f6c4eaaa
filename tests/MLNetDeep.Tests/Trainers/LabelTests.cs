namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>What the trainers do with labels: multiclass key values and order, NaN scores, regression scaling.</summary>
[TestClass]
public sealed class LabelTests
{
    public sealed class KeyRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        /// <summary>A key read 0-based from the POCO (ML.NET stores value + 1; 0 is the missing key).</summary>
        [KeyType(3)]
        public uint Label { get; set; }
    }

    [TestMethod]
    public void PredictedLabel_has_the_labels_key_values_in_the_labels_order()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Spirals(40, seed: 1));
        // Sorted by value: arm-a, arm-b, arm-c — not the order of appearance.
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data).Transform(data);
        using var model = (IDisposable)TrainerCase.For("multiclass").Trainer(ml, o => o with { NumberOfEpochs = 2 }).Fit(keyed);
        DataViewSchema output = ((ITransformer)model).GetOutputSchema(keyed.Schema);
        VBuffer<ReadOnlyMemory<char>> labelValues = default, predictedValues = default, slotNames = default;
        keyed.Schema["Label"].GetKeyValues(ref labelValues);
        output["PredictedLabel"].GetKeyValues(ref predictedValues);
        output["Score"].GetSlotNames(ref slotNames);
        string[] expected = ["arm-a", "arm-b", "arm-c"];
        CollectionAssert.AreEqual(expected, labelValues.DenseValues().Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(expected, predictedValues.DenseValues().Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(expected, slotNames.DenseValues().Select(v => v.ToString()).ToArray(), "Score's slots are named after the classes");
        Assert.AreEqual(3UL, ((KeyDataViewType)output["PredictedLabel"].Type).Count);
    }

    [TestMethod]
    public void A_key_label_without_key_values_works_and_PredictedLabel_is_its_key()
    {
        var ml = new MLContext(seed: 1);
        PointRow[] spirals = TestData.Spirals(100, seed: 1);
        string[] names = spirals.Select(r => r.Class).Distinct().Order().ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(spirals.Select(r => new KeyRow { Features = r.Features, Label = (uint)Array.IndexOf(names, r.Class) }));
        using var model = (IDisposable)TrainerCase.For("multiclass").Trainer(ml).Fit(data);
        IDataView scored = ((ITransformer)model).Transform(data);
        Assert.IsGreaterThan(0.9, ml.MulticlassClassification.Evaluate(scored).MicroAccuracy);
        uint[] predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        CollectionAssert.IsSubsetOf(predicted.Distinct().ToArray(), new uint[] { 1, 2, 3 });
    }

    [TestMethod]
    public void A_NaN_score_gives_the_missing_key_and_false_never_a_class()
    {
        var ml = new MLContext(seed: 1);
        // A NaN input makes NaN scores (the command line's probe, an input of 3e38, overflows to the same in larger networks).
        PointRow[] rows = [new PointRow { Features = [float.NaN, 0.2f] }, new PointRow { Features = [0.1f, 0.2f] }];
        IDataView spirals = ml.Data.LoadFromEnumerable(TestData.Spirals(30, seed: 1));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(spirals).Transform(spirals);
        using var multiclass = (IDisposable)TrainerCase.For("multiclass").Trainer(ml, o => o with { NumberOfEpochs = 1 }).Fit(keyed);
        IDataView scored = ((ITransformer)multiclass).Transform(ml.Data.LoadFromEnumerable(rows));
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        uint[] labels = scored.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.IsTrue(scores[0].Any(float.IsNaN), "the probe makes a NaN score");
        Assert.AreEqual(0u, labels[0], "a NaN score gives the missing key (0), not a class");
        Assert.AreNotEqual(0u, labels[1]);

        using var binary = (IDisposable)TrainerCase.For("binary").Trainer(ml, o => o with { NumberOfEpochs = 1 }).Fit(ml.Data.LoadFromEnumerable(TestData.Circles(60, 1)));
        IDataView b = ((ITransformer)binary).Transform(ml.Data.LoadFromEnumerable(rows));
        float[] binaryScores = b.GetColumn<float>("Score").ToArray();
        Assert.IsTrue(float.IsNaN(binaryScores[0]) && float.IsNaN(b.GetColumn<float>("Probability").First()), "Score and Probability are NaN");
        Assert.IsFalse(b.GetColumn<bool>("PredictedLabel").First(), "ML.NET's Boolean cannot be missing: false, as documented (callers check the Score)");
    }

    [TestMethod]
    public void Regression_on_a_large_offset_and_scale_is_standardized_by_default()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TestData.Surface(800, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(TestData.Surface(300, seed: 2));
        double RSquared(bool standardize, out FeedForwardModelInfo info)
        {
            // The probe: the default recipe with a small network and few epochs on a target far from 0.
            var trainer = ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options
            {
                LabelColumnName = "Value", HiddenLayers = [64, 32], NumberOfEpochs = 20, StandardizeLabel = standardize,
            });
            using var model = (TransformerChain<ITransformer>)trainer.Fit(train);
            info = ml.Model.GetFeedForwardInfo(model)!;
            return ml.Regression.Evaluate(model.Transform(test), labelColumnName: "Value").RSquared;
        }

        double standardized = RSquared(true, out FeedForwardModelInfo withScaling);
        double raw = RSquared(false, out FeedForwardModelInfo withoutScaling);
        Assert.IsGreaterThanOrEqualTo(0.95, standardized, $"standardized R^2 {standardized}");
        Assert.IsLessThan(standardized - 0.2, raw, $"raw-scale R^2 {raw} (the issue measured -1.08 on a real set)");
        Assert.AreEqual(1000 + 200 * 4 / 3.0, withScaling.LabelMean!.Value, 40, "the label mean is recorded (E[200 x2^2] = 267 on [-2, 2])");
        Assert.IsGreaterThan(100, withScaling.LabelStandardDeviation!.Value);
        Assert.IsNull(withoutScaling.LabelMean);
    }
}
