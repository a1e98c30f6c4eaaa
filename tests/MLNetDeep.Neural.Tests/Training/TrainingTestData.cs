namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;

internal static class TrainingTestData
{
    public static ExampleSet Moons(int n = 200, long seed = 1) => SyntheticData.Moons(n, 0.2, seed);

    public static Network Net(NetworkArchitecture? arch = null, long seed = 1, int inputs = 2, int outputs = 1)
    {
        Network n = (arch ?? new NetworkArchitecture { HiddenLayers = [16, 8] }).Build(inputs, outputs);
        n.Initialize(seed);
        return n;
    }

    public static float[][] Weights(Network n) => n.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();

    public static void AssertBitIdentical(float[][] expected, float[][] actual, string because)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            for (int j = 0; j < expected[i].Length; j++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i][j]) != BitConverter.SingleToInt32Bits(actual[i][j]))
                {
                    Assert.Fail($"{because}: parameter {i}, component {j}: {expected[i][j]:R} vs {actual[i][j]:R}");
                }
            }
        }
    }

    public static double Accuracy(Network n, ExampleSet data, Loss loss)
    {
        var output = new float[data.Count * n.OutputSize];
        n.Predict(data.Features, data.Count, output);
        return loss.MetricSum(output, data.Targets, data.Count, n.OutputSize) / data.Count;
    }
}
