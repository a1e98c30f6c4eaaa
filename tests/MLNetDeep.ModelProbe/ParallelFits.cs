namespace MLNetDeep.ModelProbe;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>
/// Fits two binary and two regression models at once on thread-pool threads and prints "done" (the test runs it under
/// <c>DOTNET_ThreadPool_ForceMaxWorkerThreads=2</c>): Fit must not wait on thread-pool work it cannot get (ML.NET's
/// BinarySaver does, when asked to save an input schema or a value map).
/// </summary>
internal static class ParallelFits
{
    public static int Run()
    {
        var ml = new MLContext(seed: 1);
        Row[] rows = Enumerable.Range(0, 64).Select(i => new Row { Features = [MathF.Cos(i), MathF.Sin(i * 0.7f)], Label = i % 2 == 0, Value = i }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        Task Fit(Func<IEstimator<ITransformer>> make) => Task.Run(() => ((IDisposable)make().Fit(data)).Dispose());
        Task all = Task.WhenAll(
            Fit(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })),
            Fit(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })),
            Fit(() => ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options { LabelColumnName = "Value", HiddenLayers = [4], NumberOfEpochs = 1 })),
            Fit(() => ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options { LabelColumnName = "Value", HiddenLayers = [4], NumberOfEpochs = 1 })));
        if (!all.Wait(TimeSpan.FromSeconds(60)))
        {
            Console.WriteLine("stuck");
            return 1;
        }

        Console.WriteLine("done");
        return 0;
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Value { get; set; }
    }
}
