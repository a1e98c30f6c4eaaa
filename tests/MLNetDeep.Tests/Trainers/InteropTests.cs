namespace MLNetDeep.Tests.Trainers;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>
/// The trainers used the way an ML.NET user uses any stock trainer: cross-validation of a whole pipeline, the usual
/// multiclass pattern with POCOs, permutation feature importance, stock transforms in front, prediction engines on many
/// threads, and schema errors at Transform time.
/// </summary>
[TestClass]
public sealed class InteropTests
{
    /// <summary>A spiral point with its class as text, read by a prediction engine.</summary>
    public sealed class SpiralInput
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public string Class { get; set; } = "";
    }

    /// <summary>The multiclass output as ML.NET's samples declare it: the class back as text and the scores.</summary>
    public sealed class SpiralPrediction
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    private static SpiralInput[] Spirals(int perClass, long seed) =>
        TestData.Spirals(perClass, seed).Select(r => new SpiralInput { X1 = r.Features[0], X2 = r.Features[1], Class = r.Class }).ToArray();

    private static IEstimator<ITransformer> MulticlassPipeline(MLContext ml, int epochs = 60) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
            {
                HiddenLayers = [16, 16], NumberOfEpochs = epochs, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f, Seed = 3,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    [TestMethod]
    public void CrossValidate_a_whole_multiclass_pipeline_and_every_folds_model_scores()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Spirals(200, seed: 1));
        var folds = ml.MulticlassClassification.CrossValidate(data, MulticlassPipeline(ml), numberOfFolds: 3);
        Assert.HasCount(3, folds);
        IDataView test = ml.Data.LoadFromEnumerable(Spirals(50, seed: 9));
        foreach (var fold in folds)
        {
            string all = string.Join(", ", folds.Select(f => f.Metrics.MicroAccuracy.ToString("F3", CultureInfo.InvariantCulture)));
            Assert.IsGreaterThanOrEqualTo(0.85, fold.Metrics.MicroAccuracy, $"fold accuracies {all}");
            Assert.IsLessThan(0.5, fold.Metrics.LogLoss, $"fold {fold.Fold}: log-loss {fold.Metrics.LogLoss}");
            var engine = ml.Model.CreatePredictionEngine<SpiralInput, SpiralPrediction>(fold.Model);
            SpiralInput[] rows = ml.Data.CreateEnumerable<SpiralInput>(test, reuseRowObject: false).ToArray();
            double right = rows.Count(r => engine.Predict(r).PredictedLabel == r.Class) / (double)rows.Length;
            Assert.IsGreaterThanOrEqualTo(0.85, right, $"fold {fold.Fold}'s model on new data");
            (fold.Model as IDisposable)?.Dispose();
        }
    }

    [TestMethod]
    public void The_usual_multiclass_pattern_predicts_class_names_and_survives_save_and_load()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Spirals(150, seed: 1));
        SpiralInput[] test = Spirals(30, seed: 2);
        using var model = (IDisposable)MulticlassPipeline(ml).Fit(train);
        var engine = ml.Model.CreatePredictionEngine<SpiralInput, SpiralPrediction>((ITransformer)model);
        SpiralPrediction[] before = test.Select(r => engine.Predict(r)).Select(p => new SpiralPrediction { PredictedLabel = p.PredictedLabel, Score = p.Score.ToArray() }).ToArray();
        Assert.IsGreaterThanOrEqualTo(0.85, test.Zip(before).Count(p => p.First.Class == p.Second.PredictedLabel) / (double)test.Length, "accuracy through the engine");
        foreach (SpiralPrediction p in before)
        {
            Assert.HasCount(3, p.Score);
            Assert.AreEqual(1.0, p.Score.Sum(), 1e-4, "class probabilities sum to 1");
        }

        using var saved = new MemoryStream();
        ml.Model.Save((ITransformer)model, train.Schema, saved);
        saved.Position = 0;
        var fresh = new MLContext(seed: 7);
        using var loaded = (IDisposable)fresh.Model.Load(saved, out DataViewSchema schema);
        Assert.IsNotNull(schema.GetColumnOrNull("Class"));
        var engine2 = fresh.Model.CreatePredictionEngine<SpiralInput, SpiralPrediction>((ITransformer)loaded);
        for (int i = 0; i < test.Length; i++)
        {
            SpiralPrediction after = engine2.Predict(test[i]);
            Assert.AreEqual(before[i].PredictedLabel, after.PredictedLabel, $"row {i}");
            CollectionAssert.AreEqual(before[i].Score, after.Score, $"row {i}: the same scores after Model.Load in a fresh MLContext");
        }
    }

    /// <summary>A test row with a third feature of pure noise.</summary>
    public sealed class NoisyRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public string Class { get; set; } = "";

        public float Value { get; set; }
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void PermutationFeatureImportance_ranks_the_noise_feature_last(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        var rng = new Random(5);
        NoisyRow[] Noisy(PointRow[] rows) => rows.Select(r => new NoisyRow
        {
            Features = [r.Features[0], r.Features[1], (float)(rng.NextDouble() * 4 - 2)], Label = r.Label, Class = r.Class, Value = r.Value,
        }).ToArray();
        IDataView train = ml.Data.LoadFromEnumerable(Noisy(c.Rows(600, seed: 1)));
        IDataView test = ml.Data.LoadFromEnumerable(Noisy(c.Rows(300, seed: 2)));
        using var model = (IDisposable)c.Pipeline(ml).Fit(train);
        var whole = (ITransformer)model;
        IDataView scored = whole.Transform(test);

        // ML.NET's overloads taking the whole model look for its prediction transformer through an internal interface.
        var byDesign = Assert.ThrowsExactly<ArgumentNullException>(() => ml.Regression.PermutationFeatureImportance(whole, scored, labelColumnName: c.LabelColumn));
        StringAssert.Contains(byDesign.Message, "compatible predictor");

        FeedForwardPredictionTransformer predictor = ml.Model.GetFeedForwardPredictionTransformer(whole);
        Assert.AreEqual("Features", predictor.FeatureColumnName);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), predictor.FeatureColumnType);
        using (var saved = new MemoryStream())
        {
            ml.Model.Save(whole, train.Schema, saved);
            saved.Position = 0;
            using var loaded = (IDisposable)ml.Model.Load(saved, out _);
            Assert.AreEqual(predictor.Model.ToJson(), ml.Model.GetFeedForwardPredictionTransformer((ITransformer)loaded).Model.ToJson(), "a loaded model's network is found too");
        }

        double[] drop = task switch
        {
            "binary" => ml.BinaryClassification.PermutationFeatureImportance(predictor, scored, permutationCount: 3).Select(m => -m.AreaUnderRocCurve.Mean).ToArray(),
            "multiclass" => ml.MulticlassClassification.PermutationFeatureImportance(predictor, scored, permutationCount: 3).Select(m => -m.MicroAccuracy.Mean).ToArray(),
            _ => ml.Regression.PermutationFeatureImportance(predictor, scored, labelColumnName: "Value", permutationCount: 3).Select(m => -m.RSquared.Mean).ToArray(),
        };
        string all = string.Join(", ", drop.Select(d => d.ToString("F3", CultureInfo.InvariantCulture)));
        Assert.HasCount(3, drop, all);
        Assert.IsGreaterThan(0.1, drop[0], $"permuting x1 costs quality: {all}");
        Assert.IsGreaterThan(0.1, drop[1], $"permuting x2 costs quality: {all}");
        Assert.IsLessThan(0.05, Math.Abs(drop[2]), $"permuting the noise costs almost nothing: {all}");
    }

    [TestMethod]
    public void A_model_without_a_network_has_no_prediction_transformer()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(20, seed: 1));
        ITransformer normalizer = ml.Transforms.NormalizeMinMax("Features").Fit(data);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Model.GetFeedForwardPredictionTransformer(normalizer));
        StringAssert.Contains(e.Message, "holds no MLNetDeep feed-forward network");
    }

    /// <summary>The binary columns in another order than training's, with an extra column.</summary>
    public sealed class Reordered
    {
        public string Note { get; set; } = "";

        public bool Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    [TestMethod]
    public void Separate_engines_on_several_threads_and_a_large_view_in_another_column_order_agree()
    {
        var ml = new MLContext(seed: 1);
        TrainerCase c = TrainerCase.For("binary");
        using var model = (IDisposable)c.Pipeline(ml, o => o with { NumberOfEpochs = 10 }).Fit(ml.Data.LoadFromEnumerable(c.Rows(300, seed: 1)));
        var t = (ITransformer)model;
        PointRow[] rows = c.Rows(5000, seed: 2);
        IDataView view = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new Reordered { Note = $"row {i}", Label = r.Label, Features = r.Features }));
        float[] expected = t.Transform(view).GetColumn<float>("Score").ToArray();
        Assert.HasCount(rows.Length, expected);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var engine = ml.Model.CreatePredictionEngine<PointRow, EstimatorContractTests.BinaryPrediction>(t);
            for (int i = k; i < rows.Length; i += 4)
            {
                float score = engine.Predict(rows[i]).Score;
                if (score != expected[i])
                {
                    failures.Add($"row {i}: engine {k} gave {score}, Transform {expected[i]}");
                }
            }
        });
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(5)));
    }

    public sealed class Wide
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Wide4
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Doubles
    {
        [VectorType(2)]
        public double[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Unsized
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>
    /// A feature vector of the wrong type or size never gives a score: ML.NET's <c>OnnxTransformer</c> refuses most at
    /// Transform time naming the column; a whole multiple of the size and a variable-size vector (a POCO array without
    /// <c>[VectorType(n)]</c>) fail at the first row with ML.NET's less clear messages (docs/reliability.md).
    /// </summary>
    [TestMethod]
    public void A_feature_vector_of_the_wrong_size_or_type_never_gives_a_score()
    {
        var ml = new MLContext(seed: 1);
        TrainerCase c = TrainerCase.For("binary");
        using var model = (IDisposable)c.Pipeline(ml, o => o with { NumberOfEpochs = 1 }).Fit(ml.Data.LoadFromEnumerable(c.Rows(100, seed: 1)));
        var t = (ITransformer)model;

        var size = Assert.ThrowsExactly<InvalidOperationException>(() => t.Transform(ml.Data.LoadFromEnumerable(new[] { new Wide { Features = [1, 2, 3] } })));
        StringAssert.Contains(size.Message, "Input 'Features' has shape 1,2, but input data is of length 3");
        var type = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.Transform(ml.Data.LoadFromEnumerable(new[] { new Doubles { Features = [1, 2] } })));
        StringAssert.Contains(type.Message, "Schema mismatch for input column 'Features'");
        StringAssert.Contains(type.Message, "Vector<Double, 2>");

        IDataView twice = t.Transform(ml.Data.LoadFromEnumerable(new[] { new Wide4 { Features = [1, 2, 3, 4] } }));
        var multiple = Assert.ThrowsExactly<InvalidOperationException>(() => twice.GetColumn<float>("Score").ToArray());
        StringAssert.Contains(multiple.InnerException?.Message, "Length of memory (4) must match product of dimensions (2)");
        var engine = ml.Model.CreatePredictionEngine<Unsized, EstimatorContractTests.BinaryPrediction>(t);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => engine.Predict(new Unsized { Features = [1, 2] }), "ML.NET's OnnxTransformer cannot read a variable-size vector");
    }
}
