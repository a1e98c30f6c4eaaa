namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;

[TestClass]
public sealed class KeyMappingTests
{
    private static IDataView Cats(DeepContext ctx, params string[] cats) =>
        ctx.Data.LoadFromEnumerable(cats.Select(c => new Row { Cat = c }).ToArray());

    [TestMethod]
    public void KeysFollowFirstOccurrenceByDefault()
    {
        var ctx = new DeepContext();
        IDataView data = Cats(ctx, "b", "a", "b", "c");
        var t = ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Fit(data);
        IDataView output = t.Transform(data);
        CollectionAssert.AreEqual(new uint[] { 1, 2, 1, 3 }, Column<uint>(output, "K"));
        Assert.AreEqual(new KeyDataViewType(3), output.Schema["K"].Type);
        CollectionAssert.AreEqual(new[] { "b", "a", "c" }, (string[])output.Schema["K"].KeyValues!.Values);
        Assert.AreEqual(TextDataViewType.Instance, output.Schema["K"].KeyValues!.ValueType);
    }

    [TestMethod]
    public void ByValueSortsTextOrdinallyAndNumbersAscending()
    {
        var ctx = new DeepContext();
        IDataView text = Cats(ctx, "b", "a", "b", "C");
        var byValue = ctx.Transforms.Conversion.MapValueToKey("K", "Cat", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(text);
        CollectionAssert.AreEqual(new[] { "C", "a", "b" }, (string[])byValue.KeyValues.Values);
        CollectionAssert.AreEqual(new uint[] { 3, 2, 3, 1 }, Column<uint>(byValue.Transform(text), "K"));

        IDataView numbers = ctx.Data.LoadFromEnumerable(new[] { 3f, -1f, 2f, 3f }.Select(x => new Row { X = x }).ToArray());
        var sorted = ctx.Transforms.Conversion.MapValueToKey("K", "X", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(numbers);
        CollectionAssert.AreEqual(new[] { -1f, 2f, 3f }, (float[])sorted.KeyValues.Values);
        CollectionAssert.AreEqual(new uint[] { 3, 1, 2, 3 }, Column<uint>(sorted.Transform(numbers), "K"));
    }

    [TestMethod]
    public void UnseenAndMissingValuesMapToKeyZero()
    {
        var ctx = new DeepContext();
        var t = ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Fit(Cats(ctx, "b", "", "a"));
        Assert.AreEqual(2, t.KeyValues.Count, "empty text is missing, not a category");
        CollectionAssert.AreEqual(new uint[] { 0, 2, 0, 1 }, Column<uint>(t.Transform(Cats(ctx, "c", "a", "", "b")), "K"));

        IDataView floats = ctx.Data.LoadFromEnumerable(new[] { 1f, float.NaN, 2f }.Select(x => new Row { X = x }).ToArray());
        var f = ctx.Transforms.Conversion.MapValueToKey("K", "X").Fit(floats);
        CollectionAssert.AreEqual(new uint[] { 1, 0, 2 }, Column<uint>(f.Transform(floats), "K"));
    }

    [TestMethod]
    public void TheKeyCapKeepsTheFirstValuesMet()
    {
        var ctx = new DeepContext();
        IDataView data = Cats(ctx, "b", "a", "c", "b");
        var t = ctx.Transforms.Conversion.MapValueToKey("K", "Cat", maximumNumberOfKeys: 2).Fit(data);
        CollectionAssert.AreEqual(new uint[] { 1, 2, 0, 1 }, Column<uint>(t.Transform(data), "K"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Transforms.Conversion.MapValueToKey("K", "Cat", maximumNumberOfKeys: 0));
    }

    [TestMethod]
    public void EverySupportedTypeMapsAndMapsBack()
    {
        var ctx = new DeepContext();
        Row[] rows =
        [
            new() { Cat = "x", X = 1.5f, D = 2.5, I = 7, L = 1L << 40, B = true },
            new() { Cat = "y", X = -1f, D = 0.1, I = -3, L = 5, B = false },
            new() { Cat = "x", X = 1.5f, D = 2.5, I = 7, L = 1L << 40, B = true },
        ];
        IDataView data = ctx.Data.LoadFromEnumerable(rows);
        foreach (string column in new[] { "Cat", "X", "D", "I", "L", "B" })
        {
            var pipeline = ctx.Transforms.Conversion.MapValueToKey("K", column).Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "K"));
            IDataView output = pipeline.Fit(data).Transform(data);
            CollectionAssert.AreEqual(new uint[] { 1, 2, 1 }, Column<uint>(output, "K"), column);
            Assert.AreEqual(data.Schema[column].Type, output.Schema["Back"].Type, column);
            CollectionAssert.AreEqual(AsText(data, column), AsText(output, "Back"), column);
        }
    }

    [TestMethod]
    public void KeyToValueGivesTheTypesMissingValueForKeyZero()
    {
        var ctx = new DeepContext();
        var text = ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "K")).Fit(Cats(ctx, "a"));
        CollectionAssert.AreEqual(new[] { "a", "" }, Column<string>(text.Transform(Cats(ctx, "a", "zzz")), "Back"));

        IDataView floats = ctx.Data.LoadFromEnumerable(new[] { new Row { X = 2 } });
        var number = ctx.Transforms.Conversion.MapValueToKey("K", "X").Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "K")).Fit(floats);
        float[] back = Column<float>(number.Transform(ctx.Data.LoadFromEnumerable(new[] { new Row { X = 2 }, new Row { X = 9 } })), "Back");
        Assert.AreEqual(2f, back[0]);
        Assert.IsTrue(float.IsNaN(back[1]));
    }

    [TestMethod]
    public void KeyValuesAsTextMakeMapKeyToValueProduceText()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(new[] { new Row { I = 10 }, new Row { I = 20 } });
        var t = ctx.Transforms.Conversion.MapValueToKey("K", "I", addKeyValueAnnotationsAsText: true).Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "K")).Fit(data);
        IDataView output = t.Transform(data);
        Assert.AreEqual(TextDataViewType.Instance, output.Schema["K"].KeyValues!.ValueType);
        CollectionAssert.AreEqual(new[] { "10", "20" }, Column<string>(output, "Back"));
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumnTheExpectedAndTheFoundType()
    {
        var ctx = new DeepContext();
        IDataView data = Cats(ctx, "a");
        var vector = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Conversion.MapValueToKey("K", "V").Fit(data));
        StringAssert.Contains(vector.Message, "MapValueToKey: column 'V' must be Text, Single, Double, Int32, Int64 or Boolean; found Vector<Single, 2>.");
        var notKey = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Conversion.MapKeyToValue("B", "Cat").Fit(data));
        StringAssert.Contains(notKey.Message, "MapKeyToValue: column 'Cat' must be a key with key values (made by MapValueToKey); found Text.");
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ctx.Transforms.Conversion.MapKeyToValue("B", "Nope").GetOutputSchema(SchemaShape.Create(data.Schema)));
        StringAssert.Contains(missing.Message, "'Nope' not found");
        var empty = Assert.ThrowsExactly<InvalidOperationException>(() => ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Fit(Cats(ctx, "", "")));
        StringAssert.Contains(empty.Message, "column 'Cat' has no non-missing values");
    }

    [TestMethod]
    public void ShapesCarryTheKeyAndItsValueTypeBeforeFitting()
    {
        var ctx = new DeepContext();
        SchemaShape input = SchemaShape.Create(Cats(ctx, "a").Schema);
        var chain = ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Append(ctx.Transforms.Conversion.MapKeyToValue("Back", "K"));
        SchemaShape output = chain.GetOutputSchema(input);
        Assert.IsTrue(output.FindColumn("K")!.Value.IsKey);
        Assert.AreEqual(TextDataViewType.Instance, output.FindColumn("K")!.Value.KeyValueType);
        Assert.AreEqual(TextDataViewType.Instance, output.FindColumn("Back")!.Value.ItemType);
    }
}
