namespace MLNetDeep.Neural.Datasets;

using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>
/// Seeded generators of the small 2-D data sets the course and its exercises use. Each returns an
/// <see cref="ExampleSet"/> with features <c>[N, 2]</c> (<c>X1, X2</c>) and one target per row: the class index
/// (0/1 for two classes), in a seeded random order.
/// </summary>
public static partial class SyntheticData
{
    /// <summary>
    /// Two concentric circles (scikit-learn's <c>make_circles</c>): the outer circle of radius 1 is class 0, the inner
    /// circle of radius <paramref name="factor"/> class 1; points evenly spaced in angle, plus Gaussian noise.
    /// The course's Initialization notebook uses 300 training and 100 test points with noise 0.05.
    /// </summary>
    /// <param name="count">Number of points (the outer circle gets count/2).</param>
    /// <param name="noise">Standard deviation of the Gaussian noise added to each coordinate. Default 0.05.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="factor">Inner radius, in (0, 1). Default 0.8 (scikit-learn).</param>
    public static ExampleSet Circles(int count, double noise = 0.05, long seed = 0, double factor = 0.8)
    {
        CheckCount(count);
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        }

        var rng = Rng.Derive(seed, RngStreams.Data, 1);
        int outer = count / 2;
        int inner = count - outer;
        var points = new List<(double X, double Y, int Label)>(count);
        for (int i = 0; i < outer; i++)
        {
            double t = 2 * Math.PI * i / outer;
            points.Add((Math.Cos(t), Math.Sin(t), 0));
        }

        for (int i = 0; i < inner; i++)
        {
            double t = 2 * Math.PI * i / inner;
            points.Add((factor * Math.Cos(t), factor * Math.Sin(t), 1));
        }

        return Finish(points, noise, rng);
    }

    /// <summary>
    /// Two interleaving half circles (scikit-learn's <c>make_moons</c>), class 0 above and class 1 below, plus Gaussian
    /// noise. The course's Optimization notebook uses 300 points with noise 0.2.
    /// </summary>
    /// <param name="count">Number of points (the upper moon gets count/2).</param>
    /// <param name="noise">Standard deviation of the Gaussian noise. Default 0.2.</param>
    /// <param name="seed">Seed.</param>
    public static ExampleSet Moons(int count, double noise = 0.2, long seed = 0)
    {
        CheckCount(count);
        var rng = Rng.Derive(seed, RngStreams.Data, 2);
        int outer = count / 2;
        int inner = count - outer;
        var points = new List<(double X, double Y, int Label)>(count);
        for (int i = 0; i < outer; i++)
        {
            double t = outer == 1 ? 0 : Math.PI * i / (outer - 1);
            points.Add((Math.Cos(t), Math.Sin(t), 0));
        }

        for (int i = 0; i < inner; i++)
        {
            double t = inner == 1 ? 0 : Math.PI * i / (inner - 1);
            points.Add((1 - Math.Cos(t), 1 - Math.Sin(t) - 0.5, 1));
        }

        return Finish(points, noise, rng);
    }

    /// <summary>
    /// Interleaved spiral arms, one class per arm (the CS231n spiral): for class k and i in 0..n-1, radius i/(n-1) and
    /// angle 4k + 4 i/(n-1) plus Gaussian noise of <paramref name="noise"/> on the angle.
    /// </summary>
    /// <param name="countPerClass">Points per arm.</param>
    /// <param name="classes">Number of arms; at least 2. Default 3.</param>
    /// <param name="noise">Standard deviation of the angle noise (radians). Default 0.2.</param>
    /// <param name="seed">Seed.</param>
    public static ExampleSet Spirals(int countPerClass, int classes = 3, double noise = 0.2, long seed = 0)
    {
        CheckCount(countPerClass);
        CheckClasses(classes);
        var rng = Rng.Derive(seed, RngStreams.Data, 3);
        var points = new List<(double X, double Y, int Label)>(countPerClass * classes);
        for (int k = 0; k < classes; k++)
        {
            for (int i = 0; i < countPerClass; i++)
            {
                double r = countPerClass == 1 ? 0 : (double)i / (countPerClass - 1);
                double t = 4.0 * k + 4.0 * r + rng.NextGaussian() * noise;
                points.Add((r * Math.Sin(t), r * Math.Cos(t), k));
            }
        }

        return Finish(points, 0, rng);
    }

    /// <summary>
    /// Isotropic Gaussian blobs (scikit-learn's <c>make_blobs</c>): <paramref name="classes"/> centers drawn uniformly
    /// in [-10, 10]^2, points N(center, <paramref name="spread"/>^2) each, split as evenly as possible among the classes.
    /// </summary>
    /// <param name="count">Total number of points.</param>
    /// <param name="classes">Number of blobs (classes); at least 2. Default 3.</param>
    /// <param name="spread">Standard deviation around each center. Default 1 (scikit-learn).</param>
    /// <param name="seed">Seed.</param>
    public static ExampleSet Blobs(int count, int classes = 3, double spread = 1.0, long seed = 0)
    {
        CheckCount(count);
        CheckClasses(classes);
        var rng = Rng.Derive(seed, RngStreams.Data, 4);
        var centers = new (double X, double Y)[classes];
        for (int k = 0; k < classes; k++)
        {
            centers[k] = (rng.NextDouble() * 20 - 10, rng.NextDouble() * 20 - 10);
        }

        var points = new List<(double X, double Y, int Label)>(count);
        for (int i = 0; i < count; i++)
        {
            int k = i % classes;
            points.Add((centers[k].X + rng.NextGaussian() * spread, centers[k].Y + rng.NextGaussian() * spread, k));
        }

        return Finish(points, 0, rng);
    }

    private static ExampleSet Finish(List<(double X, double Y, int Label)> points, double noise, Rng rng)
    {
        int n = points.Count;
        int[] order = [.. Enumerable.Range(0, n)];
        rng.Shuffle(order);
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            var p = points[order[i]];
            x[2 * i] = (float)(p.X + (noise > 0 ? rng.NextGaussian() * noise : 0));
            x[2 * i + 1] = (float)(p.Y + (noise > 0 ? rng.NextGaussian() * noise : 0));
            y[i] = p.Label;
        }

        return new ExampleSet(x, 2, y);
    }

    private static void CheckCount(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of points must be at least 1.");
        }
    }

    private static void CheckClasses(int classes)
    {
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least 2 classes are needed.");
        }
    }
}
