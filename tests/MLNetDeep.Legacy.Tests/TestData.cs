namespace MLNetDeep.Legacy.Tests;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Datasets;

/// <summary>Small data sets as POCOs.</summary>
internal static class TestData
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    public sealed class ClassPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        [KeyType(3)]
        public uint Label { get; set; }
    }

    public sealed class RegressionPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public float Label { get; set; }
    }

    public static Point[] Moons(int n, long seed)
    {
        var s = SyntheticData.Moons(n, 0.2, seed);
        return Enumerable.Range(0, n).Select(i => new Point { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray();
    }

    public static ClassPoint[] Blobs(int n, long seed)
    {
        var s = SyntheticData.Blobs(n, 3, 1.5, seed: 4); // same centers for every call, different noise through the seed below
        var rng = new Neural.Numerics.Rng(seed);
        return Enumerable.Range(0, n).Select(i => new ClassPoint
        {
            X1 = s.Features[2 * i] + (float)(rng.NextGaussian() * 0.1),
            X2 = s.Features[2 * i + 1] + (float)(rng.NextGaussian() * 0.1),
            Label = (uint)s.Targets[i] + 1,
        }).ToArray();
    }

    public static RegressionPoint[] Surface(int n, long seed)
    {
        var rng = new Neural.Numerics.Rng(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            float a = (float)(rng.NextDouble() * 2 - 1), b = (float)(rng.NextDouble() * 2 - 1);
            return new RegressionPoint { X1 = a, X2 = b, Label = MathF.Sin(3 * a) + b * b };
        }).ToArray();
    }
}
