namespace MLNetDeep.Legacy.Tests.Data;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class EnumerableRoundTripTests
{
    private sealed class Input
    {
        public float A { get; set; }

        public double B;

        public int C { get; set; }

        public bool Flag { get; set; }

        public string Name { get; set; } = "";

        [VectorType(2)]
        public float[] V { get; set; } = [];

        [NoColumn]
        public object? Ignored { get; set; }
    }

    private sealed class Output
    {
        [ColumnName("Features")]
        public float[] F { get; set; } = [];

        public string Name { get; set; } = "";
    }

    private static Input[] Rows() =>
    [
        new() { A = 1, B = 2, C = 3, Flag = true, Name = "x", V = [4, 5] },
        new() { A = -1, B = 0.5, C = 0, Flag = false, Name = "y", V = [6, 7] },
    ];

    [TestMethod]
    public void SchemaFollowsThePocoMembersAndAttributes()
    {
        var schema = new DeepContext().Data.LoadFromEnumerable(Rows()).Schema;
        CollectionAssert.AreEqual(new[] { "B", "A", "C", "Flag", "Name", "V" }.Order().ToArray(), schema.Select(c => c.Name).Order().ToArray());
        Assert.AreEqual(new VectorDataViewType(2), schema["V"].Type);
        Assert.AreEqual(NumberDataViewType.Double, schema["B"].Type);
        Assert.AreEqual(TextDataViewType.Instance, schema["Name"].Type);
    }

    [TestMethod]
    public void ConcatenateThenCreateEnumerableRoundTrips()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Rows());
        var model = ctx.Transforms.Concatenate("Features", "A", "B", "C", "Flag", "V").Fit(data);
        IDataView transformed = model.Transform(data);
        Assert.AreEqual(new VectorDataViewType(6), transformed.Schema["Features"].Type);
        Output[] rows = ctx.Data.CreateEnumerable<Output>(transformed, reuseRowObject: false).ToArray();
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 1, 4, 5 }, rows[0].F);
        CollectionAssert.AreEqual(new float[] { -1, 0.5f, 0, 0, 6, 7 }, rows[1].F);
        Assert.AreEqual("y", rows[1].Name);
        Assert.AreNotSame(rows[0].F, rows[1].F, "without reuse every row has its own array");
    }

    [TestMethod]
    public void AVectorOfTheWrongLengthNamesTheRowAndColumn()
    {
        var ctx = new DeepContext();
        Input[] rows = Rows();
        rows[1].V = [1, 2, 3];
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ctx.Data.CreateEnumerable<Input>(ctx.Data.LoadFromEnumerable(rows), false).ToArray());
        StringAssert.Contains(e.Message, "Row 1: column 'V' holds 3 values");
    }

    [TestMethod]
    public void CreateEnumerableRejectsAMemberWithoutAColumnBeforeEnumerating()
    {
        var ctx = new DeepContext();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ctx.Data.CreateEnumerable<Output>(ctx.Data.LoadFromEnumerable(Rows()), false));
        StringAssert.Contains(e.Message, "column 'Features'");
    }

    [TestMethod]
    public void ConcatenateNamesAMissingOrNonNumericColumn()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Rows());
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Concatenate("F", "A", "Nope").Fit(data));
        StringAssert.Contains(e.Message, "'Nope' not found");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Concatenate("F", "Name").GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(e2.Message, "'Name' must be numeric");
    }
}
