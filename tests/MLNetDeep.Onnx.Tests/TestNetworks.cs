namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>Seeded networks with every parameter and batch-norm statistic away from its initial value, and seeded inputs.</summary>
internal static class TestNetworks
{
    /// <summary>
    /// A network built by <see cref="NetworkArchitecture"/> (Dense -> [BatchNorm] -> activation -> [Dropout] per hidden
    /// layer, then Dense), initialized from <paramref name="seed"/>, with biases, gamma, beta and the running mean and
    /// variance then drawn at random so that folding them is really tested.
    /// </summary>
    public static Network Build(int inputs, int outputs, Activation activation, bool batchNorm, float dropout, long seed, int[]? hidden = null)
    {
        Network network = new NetworkArchitecture
        {
            HiddenLayers = hidden ?? [7, 5],
            Activation = activation,
            LeakyReluSlope = 0.07f,
            BatchNorm = batchNorm,
            DropoutRate = dropout,
        }.Build(inputs, outputs);
        network.Initialize(seed);
        Perturb(network, seed);
        return network;
    }

    /// <summary>Draws every bias and every batch-norm parameter and statistic (variance in [0.2, 2.2]).</summary>
    public static void Perturb(Network network, long seed)
    {
        var rng = new Rng(seed + 1000);
        foreach (Layer layer in network.Layers)
        {
            if (layer is Dense { Bias: { } bias })
            {
                Fill(bias.Value, rng, -0.5, 0.5);
            }
            else if (layer is BatchNorm bn)
            {
                Fill(bn.Gamma.Value, rng, 0.5, 1.5);
                Fill(bn.Beta.Value, rng, -0.5, 0.5);
                Fill(bn.State[0], rng, -1, 1);
                Fill(bn.State[1], rng, 0.2, 2.2);
            }
        }
    }

    /// <summary><paramref name="rows"/> x <paramref name="columns"/> values from N(0, 1.5^2).</summary>
    public static float[] Inputs(int rows, int columns, long seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows * columns];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(1.5 * rng.NextGaussian());
        }

        return x;
    }

    /// <summary>The network's raw outputs for <paramref name="x"/>.</summary>
    public static float[] Predict(Network network, float[] x, int rows)
    {
        var y = new float[rows * network.OutputSize];
        network.Predict(x, rows, y);
        return y;
    }

    private static void Fill(float[] values, Rng rng, double low, double high)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(low + ((high - low) * rng.NextDouble()));
        }
    }
}
