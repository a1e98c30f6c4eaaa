namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;
using Mode = MLNetDeep.Legacy.Transforms.MissingValueReplacingEstimator.ReplacementMode;

[TestClass]
public sealed class MissingValueTests
{
    [TestMethod]
    [DataRow(Mode.DefaultValue, 0f)]
    [DataRow(Mode.Mean, 4f)]
    [DataRow(Mode.Minimum, 1f)]
    [DataRow(Mode.Maximum, 8f)]
    public void EachModeReplacesNaNInASingleColumn(Mode mode, float replacement)
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { 1f, float.NaN, 3f, 8f }.Select(x => new Row { X = x }).ToArray());
        var t = ctx.Transforms.ReplaceMissingValues("R", "X", mode).Fit(data);
        CollectionAssert.AreEqual(new[] { 1f, replacement, 3f, 8f }, Column<float>(t.Transform(data), "R"));
    }

    [TestMethod]
    public void VectorsAreImputedPerSlotOrWithOneValue()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[]
        {
            new Row { V = [1, float.NaN] },
            new Row { V = [float.NaN, 4] },
            new Row { V = [3, 6] },
        });
        float[][] bySlot = Column<float[]>(ctx.Transforms.ReplaceMissingValues("V", replacementMode: Mode.Mean).Fit(data).Transform(data), "V");
        CollectionAssert.AreEqual(new float[] { 1, 5 }, bySlot[0]);
        CollectionAssert.AreEqual(new float[] { 2, 4 }, bySlot[1]);
        float[][] pooled = Column<float[]>(ctx.Transforms.ReplaceMissingValues("V", replacementMode: Mode.Mean, imputeBySlot: false).Fit(data).Transform(data), "V");
        CollectionAssert.AreEqual(new float[] { 1, 3.5f }, pooled[0]);
        CollectionAssert.AreEqual(new float[] { 3.5f, 4 }, pooled[1]);
        float[][] max = Column<float[]>(ctx.Transforms.ReplaceMissingValues("V", replacementMode: Mode.Maximum).Fit(data).Transform(data), "V");
        CollectionAssert.AreEqual(new float[] { 3, 4 }, max[1]);
    }

    [TestMethod]
    public void ASlotWithNoValueIsReplacedByZeroAndDoublesWork()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { new Row { V = [1, float.NaN], D = double.NaN }, new Row { V = [2, float.NaN], D = 0.1 } });
        float[][] v = Column<float[]>(ctx.Transforms.ReplaceMissingValues("V", replacementMode: Mode.Mean).Fit(data).Transform(data), "V");
        CollectionAssert.AreEqual(new float[] { 1, 0 }, v[0]);
        IDataView d = ctx.Transforms.ReplaceMissingValues("D", replacementMode: Mode.Minimum).Fit(data).Transform(data);
        Assert.AreEqual(NumberDataViewType.Double, d.Schema["D"].Type);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1 }, Column<double>(d, "D"));
    }

    [TestMethod]
    public void DefaultValueReadsNoDataWhenFitting()
    {
        var ctx = new DeepContext();
        var counting = new CountingDataView(ctx.Data.LoadFromEnumerable(new[] { new Row { X = float.NaN } }));
        ctx.Transforms.ReplaceMissingValues("X").Fit(counting);
        Assert.AreEqual(0, counting.CursorsOpened);
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumnTheExpectedAndTheFoundType()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { new Row() });
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.ReplaceMissingValues("R", "I").Fit(data));
        StringAssert.Contains(e.Message, "ReplaceMissingValues: column 'I' must be Single, Double or a known-size vector of Single; found Int32.");
        var shape = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.ReplaceMissingValues("R", "Cat", Mode.Mean).GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(shape.Message, "column 'Cat' must be Single, Double or a known-size vector of Single; found Text.");
    }
}
