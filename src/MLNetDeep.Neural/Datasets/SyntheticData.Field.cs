namespace MLNetDeep.Neural.Datasets;

using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>The field data set (the stand-in for the course's Regularization data).</summary>
public static partial class SyntheticData
{
    private const double FieldLeft = -0.75, FieldRight = 0.45, FieldBottom = -0.75, FieldTop = 0.65;
    private const int FieldStrayGroups = 6, FieldStrayGroupSize = 2;
    private const double FieldStraySpread = 0.03, FieldStrayNearest = 0.15, FieldStrayFarthest = 0.45;

    /// <summary>
    /// A stand-in for the course's Regularization data (the goalkeeper's "French football" field: where the French
    /// goalkeeper kicked the ball and whose player headed it): two classes on a 2-D field with a smooth curved boundary
    /// and a few stray groups of points on the wrong side, the kind of noise an unregularized network bends its
    /// boundary around. The course's sizes are 211 training and 200 test points.
    /// </summary>
    /// <remarks>
    /// <para>The true boundary is the gentle curve <c>x2 = b(x1) = -0.05 + 0.05 sin(3 x1 + 0.5)</c>; class 1 lies above
    /// it, class 0 below. (A strongly curved boundary makes L2 with lambda 0.7 underfit it; a gentle one leaves the stray
    /// points as the only thing to overfit, which is the course's point.)</para>
    /// <para>Noise: 6 stray pairs. A pair's center has x1 uniform in [-0.65, 0.35], lies on a side of the boundary chosen
    /// with probability 1/2, at a vertical distance from the curve uniform in [0.15, 0.45] (kept at least 0.05 inside the
    /// field), and its 2 points are N(center, 0.03^2) labelled with the class of the other side. The remaining
    /// <c>count - 12</c> points are uniform on the field [-0.75, 0.45] x [-0.75, 0.65] and
    /// labelled by the boundary. Every set drawn this way has its own stray groups, so a test set's strays lie
    /// elsewhere than the training set's, as in the course's data.</para>
    /// <para>All draws come from <c>Rng.Derive(seed, RngStreams.Data, 5)</c>; the rows are shuffled.</para>
    /// </remarks>
    /// <param name="count">Number of points; at least 13 (the 12 stray points and one more).</param>
    /// <param name="seed">Seed. Default 0.</param>
    public static ExampleSet Field(int count, long seed = 0)
    {
        int strays = FieldStrayGroups * FieldStrayGroupSize;
        if (count <= strays)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The field data needs more than {strays} points (its stray groups have {strays}).");
        }

        var rng = Rng.Derive(seed, RngStreams.Data, 5);
        var points = new List<(double X, double Y, int Label)>(count);
        for (int g = 0; g < FieldStrayGroups; g++)
        {
            double cx = FieldLeft + 0.1 + (rng.NextDouble() * (FieldRight - FieldLeft - 0.2));
            int side = rng.NextDouble() < 0.5 ? 1 : -1;
            double distance = FieldStrayNearest + (rng.NextDouble() * (FieldStrayFarthest - FieldStrayNearest));
            double cy = Math.Clamp(FieldBoundary(cx) + (side * distance), FieldBottom + 0.05, FieldTop - 0.05);
            int trueLabel = cy > FieldBoundary(cx) ? 1 : 0;
            for (int i = 0; i < FieldStrayGroupSize; i++)
            {
                points.Add((cx + (rng.NextGaussian() * FieldStraySpread), cy + (rng.NextGaussian() * FieldStraySpread), 1 - trueLabel));
            }
        }

        while (points.Count < count)
        {
            double x = FieldLeft + (rng.NextDouble() * (FieldRight - FieldLeft));
            double y = FieldBottom + (rng.NextDouble() * (FieldTop - FieldBottom));
            points.Add((x, y, y > FieldBoundary(x) ? 1 : 0));
        }

        return Finish(points, 0, rng);
    }

    /// <summary>The field data's true boundary <c>b(x1)</c>.</summary>
    private static double FieldBoundary(double x) => -0.05 + (0.05 * Math.Sin((3 * x) + 0.5));
}
