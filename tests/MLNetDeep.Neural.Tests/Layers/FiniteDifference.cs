namespace MLNetDeep.Neural.Tests.Layers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Finite-difference check of one layer: the scalar L = sum(y * R) for a fixed random R has dL/dy = R, so Backward(R)
/// must match centered differences of L over every input element and every parameter component.
/// </summary>
internal static class FiniteDifference
{
    public static void CheckLayer(Layer layer, int inputSize, int batch, long seed, bool training = true, float inputMagnitudeFloor = 0f, double tolerance = 2e-3)
    {
        var rng = new Rng(seed);
        if (!layer.IsBuilt)
        {
            layer.Build(inputSize);
        }

        layer.ResetParameters(rng);
        foreach (Parameter p in layer.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] += (float)(rng.NextGaussian() * 0.3); // move away from the initial values (gamma = 1, b = 0)
            }
        }

        var x = new float[batch * inputSize];
        for (int i = 0; i < x.Length; i++)
        {
            double v = rng.NextGaussian();
            // keep inputs away from kinks (ReLU at 0) when asked
            x[i] = (float)(Math.Sign(v) * (Math.Abs(v) + inputMagnitudeFloor));
        }

        layer.Forward(x, batch, training);
        var r = new float[batch * layer.OutputSize];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (float)rng.NextGaussian();
        }

        foreach (Parameter p in layer.Parameters)
        {
            Array.Clear(p.Gradient);
        }

        float[] dx = layer.Backward(r, batch).ToArray();
        var analytic = layer.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();

        double L() => Dot(layer.Forward(x, batch, training).Span, r);
        const float eps = 1e-3f;
        var failures = new List<string>();
        for (int i = 0; i < x.Length; i++)
        {
            float orig = x[i];
            x[i] = orig + eps;
            double up = x[i] - (double)orig;
            double plus = L();
            x[i] = orig - eps;
            double down = orig - (double)x[i];
            double minus = L();
            x[i] = orig;
            Compare($"dx[{i}]", dx[i], (plus - minus) / (up + down), tolerance, failures);
        }

        for (int pi = 0; pi < layer.Parameters.Count; pi++)
        {
            Parameter p = layer.Parameters[pi];
            for (int i = 0; i < p.Length; i++)
            {
                float orig = p.Value[i];
                p.Value[i] = orig + eps;
                double up = p.Value[i] - (double)orig;
                double plus = L();
                p.Value[i] = orig - eps;
                double down = orig - (double)p.Value[i];
                double minus = L();
                p.Value[i] = orig;
                Compare($"{p.Name}[{i}]", analytic[pi][i], (plus - minus) / (up + down), tolerance, failures);
            }
        }

        Assert.AreEqual(0, failures.Count, $"{layer.DisplayName}: {failures.Count} gradient components disagree with finite differences, e.g.\n{string.Join("\n", failures.Take(8))}");
    }

    private static void Compare(string what, double analytic, double numeric, double tolerance, List<string> failures)
    {
        if (Math.Abs(analytic - numeric) > tolerance * (1 + Math.Max(Math.Abs(analytic), Math.Abs(numeric))))
        {
            failures.Add($"{what}: backprop {analytic:G6}, numeric {numeric:G6}");
        }
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }
}
