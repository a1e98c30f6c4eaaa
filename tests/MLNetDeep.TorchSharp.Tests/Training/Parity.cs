namespace MLNetDeep.TorchSharp.Tests.Training;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>Trains the same network from the same weights with both backends and measures how far apart they end.</summary>
internal static class Parity
{
    public static ExampleSet Moons(int n = 256, long seed = 1) => SyntheticData.Moons(n, 0.2, seed);

    public static ExampleSet Blobs(int n = 300, int classes = 4, long seed = 5) => SyntheticData.Blobs(n, classes, seed: seed);

    /// <summary>y = sin(3 x1) + x2^2, two outputs (y and -y / 2) so that MSE averages over a row.</summary>
    public static ExampleSet Regression(int n = 256, long seed = 3, bool weighted = false)
    {
        var rng = new Rng(seed);
        var x = new float[n * 2];
        var y = new float[n * 2];
        var w = weighted ? new float[n] : null;
        for (int i = 0; i < n; i++)
        {
            float a = (float)(rng.NextDouble() * 2 - 1), b = (float)(rng.NextDouble() * 2 - 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[2 * i] = MathF.Sin(3 * a) + b * b;
            y[2 * i + 1] = -y[2 * i] / 2;
            if (w is not null)
            {
                w[i] = 0.25f + (float)rng.NextDouble() * 2;
            }
        }

        return new ExampleSet(x, 2, y, 2, w);
    }

    /// <summary>A copy of <paramref name="data"/> with seeded example weights in [0.25, 2.25).</summary>
    public static ExampleSet Weighted(ExampleSet data, long seed = 7)
    {
        var rng = new Rng(seed);
        float[] w = new float[data.Count];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = 0.25f + (float)rng.NextDouble() * 2;
        }

        return new ExampleSet(data.Features, data.FeatureCount, data.Targets, data.TargetWidth, w);
    }

    public static Network Build(NetworkArchitecture arch, int inputs, int outputs, long seed = 1)
    {
        Network n = arch.Build(inputs, outputs);
        n.Initialize(seed);
        return n;
    }

    /// <summary>Both backends' results from identical starting weights.</summary>
    public static Outcome Run(NetworkArchitecture arch, Loss loss, ExampleSet data, TrainingOptions options, ExampleSet? validation = null)
    {
        int outputs = loss is SoftmaxCrossEntropy ? (int)data.Targets.Max() + 1 : data.TargetWidth;
        Network managed = Build(arch, data.FeatureCount, outputs);
        Network torch = Build(arch, data.FeatureCount, outputs);
        TrainingResult m = TrainingBackend.Managed.CreateTrainer(managed, loss, options).Fit(data, validation);
        TrainingResult t = new TorchSharpBackend().CreateTrainer(torch, loss, options).Fit(data, validation);
        return new Outcome(managed, torch, m, t);
    }

    public static float[][] AllWeights(Network n) => n.WeightArrays().Select(a => (float[])a.Clone()).ToArray();

    /// <summary>The largest |a - b| / (1 + |a|) over every parameter and running statistic.</summary>
    public static double MaxRelativeDifference(Network a, Network b)
    {
        float[][] x = AllWeights(a), y = AllWeights(b);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x[i].Length; j++)
            {
                worst = Math.Max(worst, Math.Abs(x[i][j] - y[i][j]) / (1 + Math.Abs(x[i][j])));
            }
        }

        return worst;
    }

    public sealed record Outcome(Network Managed, Network Torch, TrainingResult ManagedResult, TrainingResult TorchResult)
    {
        public double WeightDifference => MaxRelativeDifference(Managed, Torch);

        public double LossDifference => ManagedResult.History.Zip(TorchResult.History).Max(p => Math.Abs(p.First.Loss - p.Second.Loss) / (1e-3 + Math.Abs(p.First.Loss)));

        public double MetricDifference => ManagedResult.History.Zip(TorchResult.History).Max(p => Math.Abs(p.First.Metric - p.Second.Metric));

        public override string ToString() => FormattableString.Invariant(
            $"weights max rel diff {WeightDifference:E2}, loss max rel diff {LossDifference:E2}, metric max diff {MetricDifference:E2}; final loss managed {ManagedResult.History[^1].Loss:G6} torch {TorchResult.History[^1].Loss:G6}");
    }
}
