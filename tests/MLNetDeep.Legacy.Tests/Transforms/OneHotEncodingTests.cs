namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;

[TestClass]
public sealed class OneHotEncodingTests
{
    private static IDataView Cats(DeepContext ctx, params string[] cats) =>
        ctx.Data.LoadFromEnumerable(cats.Select(c => new Row { Cat = c }).ToArray());

    [TestMethod]
    public void IndicatorPutsAOneInTheCategorysSlot()
    {
        var ctx = new DeepContext();
        IDataView data = Cats(ctx, "b", "a", "b", "c");
        var t = ctx.Transforms.Categorical.OneHotEncoding("F", "Cat").Fit(data);
        IDataView output = t.Transform(data);
        Assert.AreEqual(new VectorDataViewType(3), output.Schema["F"].Type);
        float[][] rows = Column<float[]>(output, "F");
        CollectionAssert.AreEqual(new float[] { 1, 0, 0 }, rows[0]);
        CollectionAssert.AreEqual(new float[] { 0, 1, 0 }, rows[1]);
        CollectionAssert.AreEqual(new float[] { 1, 0, 0 }, rows[2]);
        CollectionAssert.AreEqual(new float[] { 0, 0, 1 }, rows[3]);
        CollectionAssert.AreEqual(new[] { "b", "a", "c" }, (string[])t.KeyValues.Values);
    }

    [TestMethod]
    public void UnseenOrMissingCategoriesGiveAllZeros()
    {
        var ctx = new DeepContext();
        var t = ctx.Transforms.Categorical.OneHotEncoding("F", "Cat").Fit(Cats(ctx, "a", "b"));
        float[][] rows = Column<float[]>(t.Transform(Cats(ctx, "z", "", "b")), "F");
        CollectionAssert.AreEqual(new float[] { 0, 0 }, rows[0]);
        CollectionAssert.AreEqual(new float[] { 0, 0 }, rows[1]);
        CollectionAssert.AreEqual(new float[] { 0, 1 }, rows[2]);
    }

    [TestMethod]
    public void ByValueOrdersTheSlotsAndKeyKindOutputsTheKey()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { 30, 10, 20 }.Select(i => new Row { I = i }).ToArray());
        var sorted = ctx.Transforms.Categorical.OneHotEncoding("F", "I", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data);
        CollectionAssert.AreEqual(new float[] { 0, 0, 1 }, Column<float[]>(sorted.Transform(data), "F")[0]);

        var key = ctx.Transforms.Categorical.OneHotEncoding("F", "I", OneHotEncodingEstimator.OutputKind.Key).Fit(data);
        IDataView output = key.Transform(data);
        Assert.AreEqual(new KeyDataViewType(3), output.Schema["F"].Type);
        CollectionAssert.AreEqual(new uint[] { 1, 2, 3 }, Column<uint>(output, "F"));
        CollectionAssert.AreEqual(new[] { 30, 10, 20 }, (int[])output.Schema["F"].KeyValues!.Values);
    }

    [TestMethod]
    public void TheOutputFeedsConcatenate()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { new Row { Cat = "a", X = 7 }, new Row { Cat = "b", X = 8 } });
        var model = ctx.Transforms.Categorical.OneHotEncoding("C", "Cat").Append(ctx.Transforms.Concatenate("Features", "X", "C")).Fit(data);
        float[][] f = Column<float[]>(model.Transform(data), "Features");
        CollectionAssert.AreEqual(new float[] { 7, 1, 0 }, f[0]);
        CollectionAssert.AreEqual(new float[] { 8, 0, 1 }, f[1]);
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumnTheExpectedAndTheFoundType()
    {
        var ctx = new DeepContext();
        IDataView data = Cats(ctx, "a");
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Categorical.OneHotEncoding("F", "V").GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(e.Message, "OneHotEncoding: column 'V' must be Text, Single, Double, Int32, Int64 or Boolean; found Vector<Single>.");
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Categorical.OneHotEncoding("F", "Nope").Fit(data));
        StringAssert.Contains(missing.Message, "OneHotEncoding: input column 'Nope' not found");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.Categorical.OneHotEncoding("F", "Cat", (OneHotEncodingEstimator.OutputKind)1));
    }
}
