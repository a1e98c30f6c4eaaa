namespace MLNetDeep.Tests.Trainers;

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The checks ML.NET's own estimator tests make, for each of the three trainers: schema propagation, quality through
/// ML.NET's evaluators, save/load in a fresh process with identical scores, prediction engines on POCOs, determinism,
/// cross-validation and the training record.
/// </summary>
[TestClass]
public sealed class EstimatorContractTests
{
    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void GetOutputSchema_equals_the_fitted_models_output_schema(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(150, seed: 1));
        var before = new ShapeProbe();
        var after = new ShapeProbe();
        ITransformer model = c.Prefix(ml).Append(before).Append(c.Trainer(ml, o => o with { NumberOfEpochs = 1 })).Append(after).Fit(data);
        SchemaShape predicted = after.Seen!;
        SchemaShape actual = ShapeProbe.Of(model.GetOutputSchema(data.Schema));
        Assert.IsNotNull(before.Seen);
        CollectionAssert.AreEquivalent(actual.Select(Describe).ToArray(), predicted.Select(Describe).ToArray(),
            $"predicted: {string.Join("; ", predicted.Select(Describe))}\nfitted: {string.Join("; ", actual.Select(Describe))}");
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Trains_to_the_tasks_quality_measured_by_MLNETs_evaluator(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        using var model = (IDisposable)c.Pipeline(ml).Fit(ml.Data.LoadFromEnumerable(c.Rows(600, seed: 1)));
        IDataView scored = ((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(c.Rows(300, seed: 2)));
        double quality = c.Quality(ml, scored);
        Assert.IsGreaterThanOrEqualTo(c.MinimumQuality, quality, $"{task}: test quality {quality:F4}");
        if (task == "multiclass")
        {
            uint[] predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
            float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
            for (int i = 0; i < predicted.Length; i++)
            {
                Assert.AreEqual((uint)Array.IndexOf(scores[i], scores[i].Max()) + 1, predicted[i], $"row {i}: PredictedLabel is the key of the highest score");
            }
        }
    }

    [TestMethod]
    [TestCategory("Slow")]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Save_and_load_in_another_process_gives_identical_scores(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(c.Rows(300, seed: 1));
        PointRow[] test = c.Rows(60, seed: 2);
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-saveload-").FullName;
        try
        {
            string modelPath = Path.Combine(folder, "model.zip");
            // The label preparation is fitted apart: the saved model then needs only the features, as the probe gives.
            IDataView prepared = c.Prefix(ml).Fit(train).Transform(train);
            using (var model = (TransformerChain<ITransformer>)c.Trainer(ml, o => o with { NumberOfEpochs = 5 }).Fit(prepared))
            {
                ml.Model.Save(model, prepared.Schema, modelPath);
                File.WriteAllLines(Path.Combine(folder, "expected.txt"), Score(ml, model, test));
            }

            string features = Path.Combine(folder, "features.bin");
            TestData.WriteFeatures(features, test.Select(r => r.Features).ToArray());
            string scores = Path.Combine(folder, "actual.txt");
            ModelProbe.Run(modelPath, features, scores);
            CollectionAssert.AreEqual(File.ReadAllLines(Path.Combine(folder, "expected.txt")), File.ReadAllLines(scores),
                "scores in a fresh process after Model.Load equal the fitted model's, bit for bit");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void PredictionEngine_on_POCOs_matches_Transform()
    {
        var ml = new MLContext(seed: 1);
        TrainerCase c = TrainerCase.For("binary");
        IDataView train = ml.Data.LoadFromEnumerable(c.Rows(300, seed: 1));
        using var model = (TransformerChain<ITransformer>)c.Pipeline(ml, o => o with { NumberOfEpochs = 10 }).Fit(train);
        PointRow[] test = c.Rows(20, seed: 2);
        var engine = ml.Model.CreatePredictionEngine<PointRow, BinaryPrediction>(model);
        BinaryPrediction[] batch = ml.Data.CreateEnumerable<BinaryPrediction>(model.Transform(ml.Data.LoadFromEnumerable(test)), reuseRowObject: false).ToArray();
        for (int i = 0; i < test.Length; i++)
        {
            BinaryPrediction one = engine.Predict(test[i]);
            Assert.AreEqual(batch[i].Score, one.Score, $"row {i}: the same score alone and in a batch");
            Assert.AreEqual(batch[i].Probability, one.Probability, $"row {i}");
            Assert.AreEqual(one.Score > 0, one.PredictedLabel, $"row {i}: PredictedLabel is Score > 0");
            Assert.AreEqual(1 / (1 + Math.Exp(-one.Score)), one.Probability, 1e-6, $"row {i}: Probability is the sigmoid of Score");
        }
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Same_seed_gives_the_same_model_bytes_whatever_the_thread_count(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(c.Rows(200, seed: 1));
        byte[] Onnx(int threads, int seed)
        {
            using var model = (TransformerChain<ITransformer>)c.Pipeline(ml, o => o with { NumberOfEpochs = 3, NumberOfThreads = threads, Seed = seed, DropoutRate = 0.1f }).Fit(train);
            return ml.Model.GetFeedForwardOnnx(model)!;
        }

        byte[] one = Onnx(1, 5);
        CollectionAssert.AreEqual(one, Onnx(2, 5), "same seed, 1 vs 2 threads");
        CollectionAssert.AreNotEqual(one, Onnx(1, 6), "another seed gives another model");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void CrossValidate_runs_with_MLNETs_catalog(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromEnumerable(c.Rows(600, seed: 1));
        IDataView data = c.Prefix(ml).Fit(rows).Transform(rows);
        IEstimator<ITransformer> trainer = c.Trainer(ml);
        double[] folds = task switch
        {
            "binary" => ml.BinaryClassification.CrossValidate(data, trainer, numberOfFolds: 3).Select(f => f.Metrics.Accuracy).ToArray(),
            "multiclass" => ml.MulticlassClassification.CrossValidate(data, trainer, numberOfFolds: 3).Select(f => f.Metrics.MicroAccuracy).ToArray(),
            _ => ml.Regression.CrossValidate(data, trainer, numberOfFolds: 3, labelColumnName: "Value").Select(f => f.Metrics.RSquared).ToArray(),
        };
        Assert.HasCount(3, folds);
        string all = string.Join(", ", folds.Select(q => q.ToString("F3", CultureInfo.InvariantCulture)));
        Assert.IsTrue(folds.All(q => q > c.MinimumQuality - 0.05), $"fold qualities {all}");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void The_training_record_survives_save_and_load(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(c.Rows(150, seed: 1));
        var epochs = new List<int>();
        using var model = (TransformerChain<ITransformer>)c.Pipeline(ml, o => o with { NumberOfEpochs = 4, LearningRate = 0.003f, Progress = r => epochs.Add(r.Epoch) }).Fit(train);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, epochs, "Progress is called after every epoch");
        using var saved = new MemoryStream();
        ml.Model.Save(model, train.Schema, saved);
        saved.Position = 0;
        using var loaded = (IDisposable)ml.Model.Load(saved, out _);
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo((ITransformer)loaded) ?? throw new AssertFailedException("no record");
        Assert.AreEqual(task switch { "binary" => FeedForwardTask.BinaryClassification, "multiclass" => FeedForwardTask.MulticlassClassification, _ => FeedForwardTask.Regression }, info.Task);
        Assert.HasCount(4, info.History);
        Assert.AreEqual(2, info.FeatureCount);
        Assert.AreEqual("16,16", info.Options["HiddenLayers"]);
        Assert.AreEqual(c.LabelColumn, info.LabelColumnName);
        Assert.AreEqual("managed", info.Backend);
        if (task == "multiclass")
        {
            VBuffer<ReadOnlyMemory<char>> keyValues = default;
            c.Prefix(ml).Fit(train).Transform(train).Schema["Label"].GetKeyValues(ref keyValues);
            CollectionAssert.AreEqual(keyValues.DenseValues().Select(v => v.ToString()).ToArray(), info.ClassNames.ToArray(), "class names in the label's key order");
        }

        Assert.AreEqual(ml.Model.GetFeedForwardInfo(model)!.ToJson(), info.ToJson(), "the record read from the fitted and the loaded model are the same");
        StringAssert.Contains(info.ToJson(), "\"learningRate\":0.003}", "the float rate by its shortest form (before: 0.003000000026077032)");
    }

    private static string[] Score(MLContext ml, ITransformer model, PointRow[] rows)
    {
        string features = Path.GetTempFileName();
        try
        {
            // The same routine the probe runs, in this process.
            TestData.WriteFeatures(features, rows.Select(r => r.Features).ToArray());
            return ModelProbe.ScoreInProcess(ml, model, features);
        }
        finally
        {
            File.Delete(features);
        }
    }

    private static string Describe(SchemaShape.Column c) =>
        $"{c.Name}:{c.Kind}:{c.ItemType}:{(c.IsKey ? "key" : "")}:[{string.Join(",", c.Annotations.Select(a => a.Name).Order())}]";

    /// <summary>The binary output columns as ML.NET's documentation shows them.</summary>
    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
