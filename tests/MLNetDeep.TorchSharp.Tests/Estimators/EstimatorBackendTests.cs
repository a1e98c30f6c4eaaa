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
}
