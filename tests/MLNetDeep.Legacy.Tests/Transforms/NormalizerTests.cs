namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;

[TestClass]
public sealed class NormalizerTests
{
    private static IDataView Xs(DeepContext ctx, params float[] xs) =>
        ctx.Data.LoadFromEnumerable(xs.Select(x => new Row { X = x }).ToArray());

    private static IDataView Vs(DeepContext ctx, params float[][] vs) =>
        ctx.Data.LoadFromEnumerable(vs.Select(v => new Row { V = v }).ToArray());

    private static void AreClose(float[] expected, float[] actual, float tolerance = 1e-6f)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]))
            {
                Assert.IsTrue(float.IsNaN(actual[i]), $"[{i}] is {actual[i]}, NaN expected");
            }
            else
            {
                Assert.AreEqual(expected[i], actual[i], tolerance, $"[{i}]");
            }
        }
    }

    [TestMethod]
    public void MinMaxWithFixZeroDividesByTheLargestMagnitude()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, -2, 1, 4);
        IDataView output = ctx.Transforms.NormalizeMinMax("N", "X").Fit(data).Transform(data);
        AreClose([-0.5f, 0.25f, 1f], Column<float>(output, "N"));
        Assert.AreEqual(NumberDataViewType.Single, output.Schema["N"].Type);
    }

    [TestMethod]
    public void MinMaxWithoutFixZeroMapsTheRangeToZeroOne()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, -2, 1, 4);
        var t = ctx.Transforms.NormalizeMinMax("N", "X", fixZero: false).Fit(data);
        AreClose([0f, 0.5f, 1f], Column<float>(t.Transform(data), "N"));
        Assert.AreEqual(1 / 6f, t.Scale[0], 1e-7f);
        Assert.AreEqual(-2f, t.Offset[0]);
    }

    [TestMethod]
    public void MinMaxWorksPerSlotAndAConstantSlotBecomesZero()
    {
        var ctx = new DeepContext();
        IDataView data = Vs(ctx, [1, 5], [2, 5], [3, 5]);
        float[][] fixZero = Column<float[]>(ctx.Transforms.NormalizeMinMax("V").Fit(data).Transform(data), "V");
        AreClose([1 / 3f, 0], fixZero[0]);
        AreClose([2 / 3f, 0], fixZero[1]);
        AreClose([1, 0], fixZero[2]);
        float[][] range = Column<float[]>(ctx.Transforms.NormalizeMinMax("V", fixZero: false).Fit(data).Transform(data), "V");
        AreClose([0, 0], range[0]);
        AreClose([0.5f, 0], range[1]);
        AreClose([1, 0], range[2]);
    }

    [TestMethod]
    public void MeanVarianceWithoutFixZeroIsTheStandardScoreWithPopulationStdDev()
    {
        // mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 1, 2, 3, 6);
        var t = ctx.Transforms.NormalizeMeanVariance("N", "X", fixZero: false).Fit(data);
        float s = (float)Math.Sqrt(3.5);
        AreClose([-2 / s, -1 / s, 0, 3 / s], Column<float>(t.Transform(data), "N"), 1e-5f);
    }

    [TestMethod]
    public void MeanVarianceWithFixZeroDividesByTheRootMeanSquareLikeMLNet()
    {
        // ML.NET: scale = 1 / sqrt(variance + mean^2) = 1 / sqrt(E[x^2]) = 1 / sqrt((1 + 4 + 9 + 36) / 4) = 1 / sqrt(12.5)
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 1, 2, 3, 6);
        var t = ctx.Transforms.NormalizeMeanVariance("N", "X").Fit(data);
        float r = (float)Math.Sqrt(12.5);
        AreClose([1 / r, 2 / r, 3 / r, 6 / r], Column<float>(t.Transform(data), "N"), 1e-5f);
        Assert.AreEqual(0f, t.Offset[0]);
    }

    [TestMethod]
    public void MeanVarianceCdfIsTheNormalCdfOfTheStandardScore()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 1, 2, 3, 6);
        float[] cdf = Column<float>(ctx.Transforms.NormalizeMeanVariance("N", "X", useCdf: true).Fit(data).Transform(data), "N");
        Assert.AreEqual(0.5f, cdf[2], 1e-6f, "the mean maps to 0.5");
        // Phi(3 / sqrt 3.5) = Phi(1.60357) = 0.94560, Phi(-2 / sqrt 3.5) = Phi(-1.06904) = 0.14253
        Assert.AreEqual(0.94560f, cdf[3], 5e-4f);
        Assert.AreEqual(0.14253f, cdf[0], 5e-4f);
    }

    [TestMethod]
    public void ConstantColumnsGiveZeroNeverNaNOrInfinity()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 5, 5, 5);
        foreach (var e in new IEstimator<ITransformer>[]
        {
            ctx.Transforms.NormalizeMinMax("N", "X"),
            ctx.Transforms.NormalizeMinMax("N", "X", fixZero: false),
            ctx.Transforms.NormalizeMeanVariance("N", "X"),
            ctx.Transforms.NormalizeMeanVariance("N", "X", fixZero: false),
        })
        {
            AreClose([0, 0, 0], Column<float>(e.Fit(data).Transform(data), "N"));
        }

        AreClose([0.5f, 0.5f, 0.5f], Column<float>(ctx.Transforms.NormalizeMeanVariance("N", "X", useCdf: true).Fit(data).Transform(data), "N"));
    }

    [TestMethod]
    public void MissingValuesAreSkippedWhenFittingAndStayNaN()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 1, float.NaN, 3);
        AreClose([0, float.NaN, 1], Column<float>(ctx.Transforms.NormalizeMinMax("N", "X", fixZero: false).Fit(data).Transform(data), "N"));
        AreClose([-1, float.NaN, 1], Column<float>(ctx.Transforms.NormalizeMeanVariance("N", "X", fixZero: false).Fit(data).Transform(data), "N"));
        AreClose([0, float.NaN, 1], Column<float>(ctx.Transforms.NormalizeMeanVariance("N", "X", useCdf: true).Fit(data).Transform(data), "N"), 0.2f);

        IDataView allMissing = Xs(ctx, float.NaN, float.NaN);
        AreClose([float.NaN, float.NaN], Column<float>(ctx.Transforms.NormalizeMinMax("N", "X").Fit(allMissing).Transform(allMissing), "N"));
    }

    [TestMethod]
    public void OnlyTheFirstMaximumExampleCountRowsAreFitted()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, -2, 1, 4);
        var t = ctx.Transforms.NormalizeMinMax("N", "X", maximumExampleCount: 2, fixZero: false).Fit(data);
        AreClose([0, 1, 2], Column<float>(t.Transform(data), "N"));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.NormalizeMinMax("N", "X", maximumExampleCount: 1));
        StringAssert.Contains(e.Message, "greater than 1");
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumnTheExpectedAndTheFoundType()
    {
        var ctx = new DeepContext();
        IDataView data = Xs(ctx, 1, 2);
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.NormalizeMinMax("N", "Nope").Fit(data));
        StringAssert.Contains(missing.Message, "'Nope' not found");
        var wrong = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.NormalizeMeanVariance("N", "Cat").Fit(data));
        StringAssert.Contains(wrong.Message, "NormalizeMeanVariance: column 'Cat' must be Single or a known-size vector of Single; found Text.");
        var shape = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.NormalizeMinMax("N", "D").GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(shape.Message, "column 'D' must be Single or a known-size vector of Single; found Double.");
    }

    private sealed class VectorX
    {
        [VectorType(3)]
        public float[] X { get; set; } = [0, 0, 0];
    }

    [TestMethod]
    public void ATransformerRefusesAnInputOfAnotherTypeThanItWasFittedOn()
    {
        var ctx = new DeepContext();
        var t = ctx.Transforms.NormalizeMinMax("N", "X").Fit(Xs(ctx, 1, 2));
        IDataView vectors = ctx.Data.LoadFromEnumerable(new[] { new VectorX() });
        var e = Assert.ThrowsExactly<ArgumentException>(() => t.Transform(vectors));
        StringAssert.Contains(e.Message, "column 'X' must be Single (the type it was fitted on); found Vector<Single, 3>.");
    }
}
