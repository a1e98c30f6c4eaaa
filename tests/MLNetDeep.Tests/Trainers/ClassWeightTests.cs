namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// <see cref="FeedForwardClassifierOptions.ClassWeights"/>: balanced or explicit class weights for imbalanced data, on
/// the training loss only (Keras's <c>class_weight</c>).
/// </summary>
[TestClass]
public sealed class ClassWeightTests
{
    private static readonly FeedForwardBinaryTrainer.Options Binary = new()
    {
        HiddenLayers = [16], NumberOfEpochs = 10, BatchSize = 64, LearningRate = 0.01f, DropoutRate = 0f, NumberOfThreads = 1, Seed = 5,
    };

    /// <summary>
    /// Overlapping Gaussian blobs (standard deviation 1) in 2-D, one per class: the rows of class c (Class "c{c}", Label
    /// true for c &gt; 0) around <paramref name="blobs"/>[c]'s centre, shuffled.
    /// </summary>
    internal static PointRow[] Blobs(long seed, params (float X, float Y, int Count)[] blobs)
    {
        var rng = new Random((int)seed);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        PointRow[] rows = [.. blobs.SelectMany((b, c) => Enumerable.Range(0, b.Count).Select(_ => new PointRow
        {
            Features = [b.X + Normal(), b.Y + Normal()], Label = c > 0, Class = $"c{c}",
        }))];
        rng.Shuffle(rows);
        return rows;
    }

    /// <summary>5% positives around (1.5, 1.5) among negatives around the origin.</summary>
    private static PointRow[] Imbalanced(int count, long seed) => Blobs(seed, (0f, 0f, count - count / 20), (1.5f, 1.5f, count / 20));

    [TestMethod]
    public void Balanced_weights_raise_the_recall_of_a_rare_positive_class()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Imbalanced(2000, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(Imbalanced(4000, seed: 2));
        (double recall, double negatives) Measure(FeedForwardBinaryTrainer.Options options)
        {
            using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(options).Fit(train);
            var rows = ml.Data.CreateEnumerable<BinaryOut>(model.Transform(test), reuseRowObject: false).ToArray();
            return (rows.Count(r => r.Label && r.PredictedLabel) / (double)rows.Count(r => r.Label), rows.Count(r => !r.PredictedLabel) / (double)rows.Length);
        }

        (double plainRecall, double plainNegatives) = Measure(Binary);
        (double recall, double negatives) = Measure(Binary with { ClassWeights = ClassWeights.Balanced });
        // Measured: recall 0.425 -> 0.875, share predicted negative 0.974 -> 0.816 (the true share is 0.95).
        Assert.IsGreaterThan(plainRecall + 0.3, recall, $"recall of the positives on held-out rows: {plainRecall:F3} without class weights, {recall:F3} balanced");
        Assert.IsLessThan(plainNegatives - 0.1, negatives, $"share predicted negative: {plainNegatives:F3} without, {negatives:F3} balanced");
    }

    [TestMethod]
    public void Weights_proportional_to_the_balanced_ones_train_the_same_network()
    {
        // 1900 negatives and 100 positives: balanced is 2000/3800 and 2000/200, proportional to 1 and 19. The batch loss
        // sum_i w_i l_i / sum_i w_i does not change when every weight is scaled, so only float rounding separates the runs
        // (0.5263158 is not exactly 1/19 of 10; the weighted sums round differently in the last bit). Over 10 epochs of 25
        // Adam steps that stays below 1e-6 of the loss (measured: 5e-9 training, 3e-8 validation), while class weights
        // change the loss by more than 0.1 (0.36 unweighted, 0.59 balanced in the first epoch).
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Imbalanced(2000, seed: 1));
        IReadOnlyList<EpochRecord> History(ClassWeights? weights)
        {
            using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(Binary with { ClassWeights = weights, ValidationFraction = 0.2f }).Fit(train);
            return ml.Model.GetFeedForwardInfo(model)!.History;
        }

        IReadOnlyList<EpochRecord> balanced = History(ClassWeights.Balanced), proportional = History(ClassWeights.Of(1, 19)), plain = History(null);
        Assert.HasCount(10, proportional);
        for (int i = 0; i < balanced.Count; i++)
        {
            Assert.AreEqual(balanced[i].Loss, proportional[i].Loss, 1e-6, $"epoch {i + 1}: training loss");
            Assert.AreEqual(balanced[i].ValidationLoss!.Value, proportional[i].ValidationLoss!.Value, 1e-6, $"epoch {i + 1}: validation loss");
            Assert.AreEqual(balanced[i].Metric, proportional[i].Metric, 1e-3, $"epoch {i + 1}: training accuracy");
        }

        Assert.IsGreaterThan(0.1, Math.Abs(balanced[0].Loss - plain[0].Loss), $"the class weights change the training loss: {balanced[0].Loss} vs {plain[0].Loss}");
    }

    [TestMethod]
    public void The_validation_loss_is_not_class_weighted()
    {
        // One epoch with validation data: the epoch's validation loss is the mean binary cross-entropy of the final
        // model's own probabilities on the validation rows, every row weighing 1, though training weighed positives 19
        // times (measured 0.47553 both, within 1e-9: the ONNX model's float32 probabilities; weighted it would be 0.409).
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Imbalanced(2000, seed: 1));
        IDataView validation = ml.Data.LoadFromEnumerable(Imbalanced(1000, seed: 3));
        using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(Binary with { NumberOfEpochs = 1, ClassWeights = ClassWeights.Of(1, 19) })
            .Fit(train, validation);
        EpochRecord epoch = ml.Model.GetFeedForwardInfo(model)!.History.Single();
        BinaryOut[] rows = ml.Data.CreateEnumerable<BinaryOut>(model.Transform(validation), reuseRowObject: false).ToArray();
        double[] losses = [.. rows.Select(r => -Math.Log(r.Label ? r.Probability : 1 - r.Probability))];
        double unweighted = losses.Average();
        double weighted = rows.Select((r, i) => (r.Label ? 19 : 1) * losses[i]).Sum() / rows.Sum(r => r.Label ? 19 : 1);
        Assert.AreEqual(unweighted, epoch.ValidationLoss!.Value, 1e-6, $"validation loss {epoch.ValidationLoss}: unweighted {unweighted}, class-weighted {weighted}");
        Assert.IsGreaterThan(0.05, Math.Abs(weighted - unweighted), "the check could fail: the class-weighted loss differs");
        Assert.AreEqual(rows.Count(r => r.PredictedLabel == r.Label) / (double)rows.Length, epoch.ValidationMetric!.Value, 1e-9, "the validation accuracy counts every row once");
    }

    [TestMethod]
    public void Balanced_weights_move_multiclass_predictions_toward_the_small_classes()
    {
        var ml = new MLContext(seed: 1);
        (float, float, int)[] Classes(int scale) => [(0f, 0f, 12 * scale), (1.5f, 0f, 3 * scale), (0f, 1.5f, scale)];
        IDataView train = ml.Data.LoadFromEnumerable(Blobs(1, Classes(100)));
        IDataView test = ml.Data.LoadFromEnumerable(Blobs(2, Classes(200)));
        var key = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(train);
        var options = new FeedForwardMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 10, BatchSize = 64, LearningRate = 0.01f, DropoutRate = 0f, NumberOfThreads = 1 };
        int[] Predicted(ClassWeights? weights)
        {
            using TransformerChain<ITransformer> model = ml.MulticlassClassification.Trainers.FeedForward(options with { ClassWeights = weights }).Fit(key.Transform(train));
            uint[] predicted = [.. model.Transform(key.Transform(test)).GetColumn<uint>("PredictedLabel")];
            return [.. Enumerable.Range(1, 3).Select(c => predicted.Count(p => p == c))];
        }

        // Measured: 2799, 374, 27 predictions without class weights; 1476, 952, 772 balanced.
        int[] plain = Predicted(null), balanced = Predicted(ClassWeights.Balanced);
        string counts = $"predictions per class c0, c1, c2 of 2400, 600, 200: {string.Join(", ", plain)} without class weights, {string.Join(", ", balanced)} balanced";
        Assert.IsLessThan(plain[0] - 400, balanced[0], counts);
        Assert.IsGreaterThan(plain[1], balanced[1], counts);
        Assert.IsGreaterThan(plain[2] + 100, balanced[2], counts);
    }

    [TestMethod]
    public void Weights_of_the_wrong_length_are_refused_at_Fit_naming_both_counts_and_the_classes()
    {
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromEnumerable(Blobs(1, (0f, 0f, 30), (1.5f, 0f, 20), (0f, 1.5f, 10)));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(rows).Transform(rows);
        var multiclass = ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1, ClassWeights = ClassWeights.Of(1, 2) });
        var e = Assert.ThrowsExactly<ArgumentException>(() => multiclass.Fit(keyed));
        StringAssert.Contains(e.Message, "ClassWeights 1,2 has 2 weights, but the label column 'Label' has 3 classes (c0, c1, c2); give one weight per class, in that order.");
        Assert.AreEqual("ClassWeights", e.ParamName);

        var binary = ml.BinaryClassification.Trainers.FeedForward(Binary with { NumberOfEpochs = 1, ClassWeights = ClassWeights.Of(1, 2, 3) });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Fit(rows)).Message, "ClassWeights 1,2,3 has 3 weights, but the label column 'Label' has 2 classes (false, true)");
    }

    [TestMethod]
    public void Class_weights_are_read_written_and_checked()
    {
        Assert.AreSame(ClassWeights.Balanced, ClassWeights.Parse(" Balanced "));
        Assert.AreEqual("balanced", ClassWeights.Balanced.ToString());
        Assert.IsNull(ClassWeights.Balanced.Weights);
        Assert.AreEqual("1,19", ClassWeights.Parse("1, 19").ToString());
        CollectionAssert.AreEqual(new[] { 0.5f, 0f, 2f }, ClassWeights.Parse("0.5,0,2").Weights!.ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ClassWeights.Of(1, -2)).Message, "class weights '1,-2'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ClassWeights.Of(0, 0)).Message, "not all 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ClassWeights.Of(float.NaN, 1)).Message, "class weights 'NaN,1'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ClassWeights.Of(3)).Message, "at least 2");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ClassWeights.Parse("foo")).Message, "'foo' is not a number");

        FeedForwardKnob knob = FeedForwardKnobs.Find("ClassWeights")!;
        Assert.AreEqual("--class-weight 1,-2: class weights '1,-2': give one non-negative, finite weight per class (at least 2), not all 0, or balanced.",
            Assert.ThrowsExactly<FormatException>(() => knob.Apply(new FeedForwardBinaryTrainer.Options(), "1,-2")).Message);
        Assert.AreEqual("--class-weight balanced: ClassWeights applies to BinaryClassification and MulticlassClassification only.",
            Assert.ThrowsExactly<FormatException>(() => knob.Apply(new FeedForwardRegressionTrainer.Options(), "balanced")).Message);
        Assert.AreEqual("balanced", FeedForwardKnobs.Describe(new FeedForwardMulticlassTrainer.Options { ClassWeights = ClassWeights.Balanced })["ClassWeights"]);
        Assert.AreEqual("", FeedForwardKnobs.Describe(new FeedForwardBinaryTrainer.Options())["ClassWeights"], "none");
        Assert.IsFalse(FeedForwardKnobs.Describe(new FeedForwardRegressionTrainer.Options()).ContainsKey("ClassWeights"), "regression has no classes");
        Assert.IsFalse(FeedForwardKnobs.Architecture.Contains(knob), "continued training may change the class weights");
        Assert.IsEmpty(knob.Sweep, "not in the default search space");
    }

    [TestMethod]
    public void The_training_record_keeps_the_class_weights()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Imbalanced(200, seed: 1));
        using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(Binary with { NumberOfEpochs = 1, ClassWeights = ClassWeights.Of(1, 19) }).Fit(train);
        Assert.AreEqual("1,19", ml.Model.GetFeedForwardInfo(model)!.Options["ClassWeights"]);
    }

    [TestMethod]
    public void A_class_weight_of_0_trains_and_the_record_holds_the_weights_as_resolved_by_class()
    {
        // Of(0, 1) ignores the negatives (scikit-learn's "ignore this class"): with 5% positives in batches of 8, most
        // batches hold negatives only and weigh 0. Before, Fit threw "example weights of the batch sum to 0" mid-training.
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Imbalanced(400, seed: 1));
        FeedForwardModelInfo Trained(ClassWeights? weights, int batchSize = 64)
        {
            using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(Binary with { NumberOfEpochs = 2, BatchSize = batchSize, ClassWeights = weights }).Fit(train);
            return ml.Model.GetFeedForwardInfo(model)!;
        }

        FeedForwardModelInfo ignoring = Trained(ClassWeights.Of(0, 1), batchSize: 8);
        Assert.AreEqual("0,1", ignoring.Options["ClassWeights"]);
        CollectionAssert.AreEqual(new[] { KeyValuePair.Create("false", 0f), KeyValuePair.Create("true", 1f) }, ignoring.ClassWeights!.ToArray());
        Assert.IsTrue(ignoring.History.All(h => double.IsFinite(h.Loss) && h.Loss > 0), string.Join(", ", ignoring.History.Select(h => h.Loss)));

        // Balanced over 380 negatives and 20 positives: 400 / (2 * 380) and 400 / (2 * 20).
        FeedForwardModelInfo balanced = Trained(ClassWeights.Balanced);
        Assert.AreEqual("balanced", balanced.Options["ClassWeights"]);
        CollectionAssert.AreEqual(new[] { KeyValuePair.Create("false", (float)(400 / 760.0)), KeyValuePair.Create("true", 10f) }, balanced.ClassWeights!.ToArray());
        Assert.IsNull(Trained(null).ClassWeights, "no class weights");

        IDataView rows = ml.Data.LoadFromEnumerable(Blobs(1, (0f, 0f, 30), (1.5f, 0f, 20), (0f, 1.5f, 10)));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(rows).Transform(rows);
        using TransformerChain<ITransformer> multiclass = ml.MulticlassClassification.Trainers.FeedForward(
            new FeedForwardMulticlassTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1, ClassWeights = ClassWeights.Balanced }).Fit(keyed);
        CollectionAssert.AreEqual(new[] { KeyValuePair.Create("c0", 60 / 90f), KeyValuePair.Create("c1", 1f), KeyValuePair.Create("c2", 2f) },
            ml.Model.GetFeedForwardInfo(multiclass)!.ClassWeights!.ToArray());
    }

    private sealed class BinaryOut
    {
        public bool Label { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
