namespace MLNetDeep.AutoML.Tests;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Legacy.Trainers;

/// <summary>Tiny data and pipelines for experiment tests.</summary>
internal static class TestData
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    public static IDataView Moons(DeepContext context, int n, long seed)
    {
        var s = SyntheticData.Moons(n, 0.2, seed);
        return context.Data.LoadFromEnumerable(Enumerable.Range(0, n)
            .Select(i => new Point { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray());
    }

    /// <summary>A two-parameter space (learning rate, first layer width).</summary>
    public static SearchSpace SmallSpace() => new SearchSpace()
        .AddFloat(FeedForwardSearchSpace.LearningRate, 1e-3, 1e-1, 1e-2, ParameterScale.Log)
        .AddInt(FeedForwardSearchSpace.HiddenUnits1, 4, 16, 8, ParameterScale.PowerOfTwo);

    /// <summary>
    /// Concatenate + a small feed-forward binary trainer with the trial's parameters applied. A positive
    /// <paramref name="epochDelayMilliseconds"/> sleeps after every epoch, for tests that need trials to overlap in time
    /// (the training itself takes milliseconds).
    /// </summary>
    public static IEstimator<ITransformer> Pipeline(TrialContext t, int epochs = 3, int epochDelayMilliseconds = 0) =>
        t.Context.Transforms.Concatenate("Features", "X1", "X2")
            .Append(t.Context.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
                new FeedForwardBinaryTrainer.Options
                {
                    HiddenLayers = [8], NumberOfEpochs = epochs, BatchSize = 32, NumberOfThreads = 1,
                    Progress = epochDelayMilliseconds > 0 ? _ => Thread.Sleep(epochDelayMilliseconds) : null,
                }, t.Parameters)));
}
