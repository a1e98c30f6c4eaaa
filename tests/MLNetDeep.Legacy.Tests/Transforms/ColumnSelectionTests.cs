namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;

[TestClass]
public sealed class ColumnSelectionTests
{
    private static IDataView Data(DeepContext ctx) =>
        ctx.Data.LoadFromEnumerable(new[] { new Row { X = 1, Cat = "a", I = 3 }, new Row { X = 2, Cat = "b", I = 4 } });

    [TestMethod]
    public void SelectKeepsTheNamedColumnsInTheOrderGiven()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        IDataView output = ctx.Transforms.SelectColumns("Cat", "X").Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { "Cat", "X" }, output.Schema.VisibleNames.ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b" }, Column<string>(output, "Cat"));
        CollectionAssert.AreEqual(new[] { 1f, 2f }, Column<float>(output, "X"));
        SchemaShape shape = ctx.Transforms.SelectColumns("Cat", "X").GetOutputSchema(SchemaShape.Create(data.Schema));
        CollectionAssert.AreEqual(new[] { "Cat", "X" }, shape.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void DropKeepsTheOtherColumnsInTheirOrderAndHidesNothingStale()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        string[] all = data.Schema.VisibleNames.ToArray();
        var pipeline = ctx.Transforms.NormalizeMinMax("X").Append(ctx.Transforms.DropColumns("Cat", "V"));
        IDataView output = pipeline.Fit(data).Transform(data);
        CollectionAssert.AreEqual(all.Where(n => n is not ("Cat" or "V" or "X")).Append("X").ToArray(), output.Schema.VisibleNames.ToArray(), "the normalized X comes last");
        Assert.AreEqual(output.Schema.Count, output.Schema.VisibleNames.Count(), "the hidden pre-normalization X is gone");
        CollectionAssert.AreEqual(new[] { 0.5f, 1f }, Column<float>(output, "X"));
        CollectionAssert.AreEqual(new[] { 3, 4 }, Column<int>(output, "I"));
    }

    [TestMethod]
    public void UnknownNamesAreErrorsNamingThem()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        var select = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.SelectColumns("X", "Nope", "Gone").Fit(data));
        StringAssert.Contains(select.Message, "SelectColumns: unknown column(s) 'Nope', 'Gone'.");
        var drop = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.DropColumns("Nope").GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(drop.Message, "DropColumns: unknown column(s) 'Nope'.");
        var fitted = ctx.Transforms.SelectColumns("Cat").Fit(data);
        var later = Assert.ThrowsExactly<ArgumentException>(() => fitted.Transform(ctx.Data.LoadFromEnumerable(new[] { new { A = 1f } }.Select(_ => new NoCat()).ToArray())));
        StringAssert.Contains(later.Message, "'Cat'");
        Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.SelectColumns("X", "X"));
    }

    [TestMethod]
    public void OneRowMappingProjectsToo()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        var step = (IStepTransformer)ctx.Transforms.SelectColumns("I", "Cat").Fit(data);
        using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
        Assert.IsTrue(cursor.MoveNext());
        DataViewRow row = step.MapRow(cursor);
        CollectionAssert.AreEqual(new[] { "I", "Cat" }, row.Schema.Select(c => c.Name).ToArray());
        string cat = "";
        row.GetGetter<string>(row.Schema["Cat"])(ref cat);
        Assert.AreEqual("a", cat);
    }

    private sealed class NoCat
    {
        public float A { get; set; }
    }
}
