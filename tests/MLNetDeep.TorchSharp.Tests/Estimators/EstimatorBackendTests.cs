namespace MLNetDeep.TorchSharp.Tests.Estimators;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary>
/// Issue 13's acceptance: the ML.NET FeedForward trainers with the TorchSharp backend train, save, load and predict
/// like the managed backend, and end as the same kind of ONNX-backed ML.NET model.
/// </summary>
[TestClass]
public sealed class EstimatorBackendTests
{
    public sealed class Point
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Prediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private static Point[] Circles(int count, long seed)
    {
        ExampleSet set = MLNetDeep.Neural.Datasets.SyntheticData.Circles(count, noise: 0.05, seed: seed);
        return Enumerable.Range(0, set.Count).Select(i => new Point { Features = set.Features.AsSpan(2 * i, 2).ToArray(), Label = set.Targets[i] > 0.5f }).ToArray();
    }

    [TestMethod]
    public void Binary_training_with_libtorch_saves_loads_and_predicts_like_the_managed_backend()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Circles(400, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(Circles(200, seed: 2));
        var options = new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [16, 16], NumberOfEpochs = 30, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f, NumberOfThreads = 1,
        };

        using TransformerChain<ITransformer> managed = ml.BinaryClassification.Trainers.FeedForward(options).Fit(train);
        using TransformerChain<ITransformer> torch = ml.BinaryClassification.Trainers.FeedForward(options with { Backend = new TorchSharpBackend() }).Fit(train);
        var torchMetrics = ml.BinaryClassification.Evaluate(torch.Transform(test));
        var managedMetrics = ml.BinaryClassification.Evaluate(managed.Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.95, torchMetrics.Accuracy, $"libtorch accuracy {torchMetrics.Accuracy}");
        Assert.AreEqual(managedMetrics.Accuracy, torchMetrics.Accuracy, 0.02, "both backends learn the same model within float32 rounding");
        Assert.AreEqual("torchsharp:cpu", ml.Model.GetFeedForwardInfo(torch)!.Backend);

        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-torch-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(torch, train.Schema, path);
            using var loaded = (IDisposable)ml.Model.Load(path, out _);
            var engine = ml.Model.CreatePredictionEngine<Point, Prediction>((ITransformer)loaded);
            Prediction[] before = ml.Data.CreateEnumerable<Prediction>(torch.Transform(test), reuseRowObject: false).ToArray();
            Point[] points = Circles(200, seed: 2);
            for (int i = 0; i < points.Length; i++)
            {
                Assert.AreEqual(before[i].Score, engine.Predict(points[i]).Score, $"row {i}: the same score after Save/Load");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class MaybeLabelled
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        /// <summary>1 or 0, NaN when missing: ML.NET's binary label that can be missing.</summary>
        public float Label { get; set; }
    }

    [TestMethod]
    public void Rows_with_a_missing_label_are_skipped_and_counted_on_the_log_with_libtorch_too()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning && e.Source == nameof(FeedForwardBinaryTrainer))
            {
                lock (warnings)
                {
                    warnings.Add(e.RawMessage);
                }
            }
        };
        Point[] points = Circles(100, seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(points.Select((p, i) => new MaybeLabelled { Features = p.Features, Label = i % 5 == 0 ? float.NaN : p.Label ? 1 : 0 }).ToArray());
        var options = new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 2, BatchSize = 16, NumberOfThreads = 1, Backend = new TorchSharpBackend(),
        };
        using TransformerChain<ITransformer> torch = ml.BinaryClassification.Trainers.FeedForward(options).Fit(data);
        Assert.AreEqual(80, ml.Model.GetFeedForwardInfo(torch)!.TrainingRows, "the 20 rows without a label are not trained on as negatives");
        StringAssert.Contains(warnings.Single(), "Skipped 20 of 100 rows of the training data with a missing label in column 'Label'");
        IDataView unlabelled = ml.Data.LoadFromEnumerable(points.Select(p => new MaybeLabelled { Features = p.Features, Label = float.NaN }).ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(options).Fit(unlabelled));
        StringAssert.Contains(e.Message, "no rows with a label in column 'Label': all 100 rows have a missing label");
    }

    [TestMethod]
    public void Balanced_class_weights_train_the_same_model_with_libtorch()
    {
        // 95 negatives to each 5 positives, balanced weights, a held-out fraction: both backends' histories and scores agree.
        var ml = new MLContext(seed: 1);
        Point[] points = Circles(1200, seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(points.Where(p => !p.Label).Take(570).Concat(points.Where(p => p.Label).Take(30)).ToArray());
        var options = new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [16, 16], NumberOfEpochs = 5, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f, NumberOfThreads = 1,
            ValidationFraction = 0.2f, ClassWeights = ClassWeights.Balanced,
        };
        using TransformerChain<ITransformer> managed = ml.BinaryClassification.Trainers.FeedForward(options).Fit(train);
        using TransformerChain<ITransformer> torch = ml.BinaryClassification.Trainers.FeedForward(options with { Backend = new TorchSharpBackend() }).Fit(train);
        using TransformerChain<ITransformer> plain = ml.BinaryClassification.Trainers.FeedForward(options with { ClassWeights = null }).Fit(train);
        IReadOnlyList<EpochRecord> m = ml.Model.GetFeedForwardInfo(managed)!.History, t = ml.Model.GetFeedForwardInfo(torch)!.History;
        for (int i = 0; i < m.Count; i++)
        {
            Assert.AreEqual(m[i].Loss, t[i].Loss, 1e-5, $"epoch {i + 1}: both backends' class-weighted training losses");
            Assert.AreEqual(m[i].ValidationLoss!.Value, t[i].ValidationLoss!.Value, 1e-5, $"epoch {i + 1}: both backends' validation losses");
        }

        Assert.IsGreaterThan(0.02, Math.Abs(m[0].Loss - ml.Model.GetFeedForwardInfo(plain)!.History[0].Loss), "the class weights changed the training loss (by 0.039)");
        float[] managedScores = ml.Data.CreateEnumerable<Prediction>(managed.Transform(train), reuseRowObject: false).Select(p => p.Score).ToArray();
        float[] torchScores = ml.Data.CreateEnumerable<Prediction>(torch.Transform(train), reuseRowObject: false).Select(p => p.Score).ToArray();
        for (int i = 0; i < managedScores.Length; i++)
        {
            Assert.AreEqual(managedScores[i], torchScores[i], 1e-4, $"row {i}: the same model within float32 rounding");
        }
    }

    [TestMethod]
    public void Continuing_a_fitted_model_with_libtorch_matches_the_managed_backend()
    {
        // A batch-normed model trained by the managed engine, continued by each backend from its weights (batch norm's
        // statistics restored from the model's metadata): both start at the model's loss and end at the same model.
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Circles(400, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(Circles(200, seed: 2));
        var options = new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [16, 16], NumberOfEpochs = 5, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f, NumberOfThreads = 1,
        };
        using TransformerChain<ITransformer> model = ml.BinaryClassification.Trainers.FeedForward(options).Fit(train);
        FeedForwardPredictionTransformer network = ml.Model.GetFeedForwardPredictionTransformer(model);
        var more = options with { NumberOfEpochs = 10, LearningRate = 0.003f };
        using TransformerChain<ITransformer> managed = ml.BinaryClassification.Trainers.FeedForward(more).Fit(train, network);
        using TransformerChain<ITransformer> torch = ml.BinaryClassification.Trainers.FeedForward(more with { Backend = new TorchSharpBackend() }).Fit(train, network);
        IReadOnlyList<EpochRecord> m = ml.Model.GetFeedForwardInfo(managed)!.History, t = ml.Model.GetFeedForwardInfo(torch)!.History;
        double left = ml.Model.GetFeedForwardInfo(model)!.History[^1].Loss;
        Assert.AreEqual(left, t[0].Loss, 0.1 * left, $"libtorch continues from the model's loss {left}");
        for (int i = 0; i < m.Count; i++)
        {
            Assert.AreEqual(m[i].Loss, t[i].Loss, 1e-5, $"epoch {i + 1}: both backends' losses");
        }

        // The libtorch run's record keeps the managed run it continued, and says that run's backend and learning rate.
        FeedForwardEarlierRun earlier = ml.Model.GetFeedForwardInfo(torch)!.EarlierRuns.Single();
        CollectionAssert.AreEqual(ml.Model.GetFeedForwardInfo(model)!.History.Select(e => e.Loss).ToArray(), earlier.History.Select(e => e.Loss).ToArray());
        Assert.AreEqual("managed", earlier.ChangedOptions["Backend"]);
        Assert.AreEqual("0.01", earlier.ChangedOptions["LearningRate"]);

        float[] managedScores = ml.Data.CreateEnumerable<Prediction>(managed.Transform(test), reuseRowObject: false).Select(p => p.Score).ToArray();
        float[] torchScores = ml.Data.CreateEnumerable<Prediction>(torch.Transform(test), reuseRowObject: false).Select(p => p.Score).ToArray();
        for (int i = 0; i < managedScores.Length; i++)
        {
            Assert.AreEqual(managedScores[i], torchScores[i], 1e-4, $"row {i}: the same continued model within float32 rounding");
        }
    }
}
