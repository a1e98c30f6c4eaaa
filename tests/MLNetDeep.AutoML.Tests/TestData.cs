namespace MLNetDeep.AutoML.Tests;

using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary>Tiny data and pipelines for experiment tests.</summary>
internal static class TestData
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    public static IDataView Moons(MLContext context, int n, long seed) => context.Data.LoadFromEnumerable(MoonPoints(n, seed));

    public static Point[] MoonPoints(int n, long seed)
    {
        var s = SyntheticData.Moons(n, 0.2, seed);
        return Enumerable.Range(0, n).Select(i => new Point { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray();
    }

    /// <summary>A two-parameter space (learning rate, first layer width), named as the feed-forward knobs sweep them.</summary>
    public static SweepSpace SmallSpace() => new SweepSpace()
        .AddFloat("LearningRate", 1e-3, 1e-1, 1e-2, ParameterScale.Log)
        .AddInt("HiddenUnits1", 4, 16, 8, ParameterScale.PowerOfTwo);

    /// <summary>Concatenate + a small feed-forward binary trainer (seeded with the trial's seed) with the trial's parameters applied.</summary>
    public static IEstimator<ITransformer> Pipeline(TrialContext t, int epochs = 3, Action<EpochRecord>? progress = null) =>
        t.Context.Transforms.Concatenate("Features", "X1", "X2")
            .Append(t.Context.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
                new FeedForwardBinaryTrainer.Options
                {
                    HiddenLayers = [8], NumberOfEpochs = epochs, BatchSize = 32, NumberOfThreads = 1, Seed = t.Settings.Seed, Progress = progress,
                }, t.Parameters)));
}
