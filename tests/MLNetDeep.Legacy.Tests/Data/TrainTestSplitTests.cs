namespace MLNetDeep.Legacy.Tests.Data;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class TrainTestSplitTests
{
    private sealed class Item
    {
        public int Id { get; set; }

        public string Class { get; set; } = "";

        [VectorType(2)]
        public float[] V { get; set; } = [];
    }

    /// <summary>n rows; classes "a" (70%), "b" (20%), "c" (10%) interleaved; V = [id, -id].</summary>
    private static Item[] Items(int n) =>
        Enumerable.Range(0, n).Select(i => new Item { Id = i, Class = (i % 10) < 7 ? "a" : (i % 10) < 9 ? "b" : "c", V = [i, -i] }).ToArray();

    private static int[] Ids(IDataView view)
    {
        var col = view.Schema["Id"];
        using var cursor = view.GetRowCursor([col]);
        var g = cursor.GetGetter<int>(col);
        var ids = new List<int>();
        while (cursor.MoveNext())
        {
            int v = 0;
            g(ref v);
            ids.Add(v);
        }

        return ids.ToArray();
    }

    [TestMethod]
    public void SplitSizesFollowTheFractionAndSetsPartitionTheRows()
    {
        var ctx = new DeepContext(seed: 1);
        var split = ctx.Data.TrainTestSplit(ctx.Data.LoadFromEnumerable(Items(200)), testFraction: 0.25);
        int[] train = Ids(split.TrainSet);
        int[] test = Ids(split.TestSet);
        Assert.HasCount(150, train);
        Assert.HasCount(50, test);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 200).ToArray(), train.Concat(test).ToArray());
        CollectionAssert.AreEqual(train.Order().ToArray(), train, "rows keep their original order");
        CollectionAssert.AreEqual(test.Order().ToArray(), test);
        Assert.AreEqual(50L, split.TestSet.GetRowCount());
    }

    [TestMethod]
    public void TheDefaultFractionIsATenth()
    {
        var ctx = new DeepContext();
        var split = ctx.Data.TrainTestSplit(ctx.Data.LoadFromEnumerable(Items(100)));
        Assert.AreEqual(10L, split.TestSet.GetRowCount());
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameSplitAndOtherSeedsDiffer()
    {
        var ctx = new DeepContext(seed: 5);
        IDataView data = ctx.Data.LoadFromEnumerable(Items(100));
        int[] a = Ids(ctx.Data.TrainTestSplit(data, 0.2).TestSet);
        int[] b = Ids(ctx.Data.TrainTestSplit(data, 0.2, seed: 5).TestSet);
        int[] c = Ids(new DeepContext(seed: 5).Data.TrainTestSplit(data, 0.2).TestSet);
        int[] d = Ids(ctx.Data.TrainTestSplit(data, 0.2, seed: 6).TestSet);
        CollectionAssert.AreEqual(a, b, "seed null uses the context's seed");
        CollectionAssert.AreEqual(a, c);
        CollectionAssert.AreNotEqual(a, d);
        CollectionAssert.AreNotEqual(Enumerable.Range(80, 20).ToArray(), a, "the split is shuffled, not the last rows");
    }

    [TestMethod]
    public void StratificationKeepsEachClassProportion()
    {
        var ctx = new DeepContext(seed: 3);
        IDataView data = ctx.Data.LoadFromEnumerable(Items(100));
        var split = ctx.Data.TrainTestSplit(data, 0.2, samplingKeyColumnName: "Class");
        int[] test = Ids(split.TestSet);
        Item[] items = Items(100);
        var perClass = test.GroupBy(i => items[i].Class).ToDictionary(g => g.Key, g => g.Count());
        Assert.AreEqual(14, perClass["a"]);
        Assert.AreEqual(4, perClass["b"]);
        Assert.AreEqual(2, perClass["c"]);
        Assert.AreEqual(80L, split.TrainSet.GetRowCount());
    }

    [TestMethod]
    public void AllColumnsSurviveTheSplit()
    {
        var ctx = new DeepContext();
        var split = ctx.Data.TrainTestSplit(ctx.Data.LoadFromEnumerable(Items(20)), 0.5);
        Item[] rows = ctx.Data.CreateEnumerable<Item>(split.TestSet, reuseRowObject: false).ToArray();
        Assert.HasCount(10, rows);
        foreach (Item r in rows)
        {
            CollectionAssert.AreEqual(new float[] { r.Id, -r.Id }, r.V);
            Assert.AreEqual(Items(20)[r.Id].Class, r.Class);
        }
    }

    [TestMethod]
    public void SplittingALazyTextFileMaterializesIt()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("d.csv", string.Concat(Enumerable.Range(0, 10).Select(i => $"{i},{i % 2}\n")));
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromTextFile(path, [new TextLoaderColumn("Id", NumberDataViewType.Int32, 0), TextLoaderColumn.Single("Label", 1)], ',');
        var split = ctx.Data.TrainTestSplit(data, 0.3, "Label");
        Assert.AreEqual(7L, split.TrainSet.GetRowCount());
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).ToArray(), Ids(split.TrainSet).Concat(Ids(split.TestSet)).ToArray());
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(-0.5)]
    [DataRow(double.NaN)]
    public void ATestFractionOutsideZeroOneIsRejected(double fraction)
    {
        var ctx = new DeepContext();
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.TrainTestSplit(ctx.Data.LoadFromEnumerable(Items(10)), fraction));
        Assert.AreEqual("testFraction", e.ParamName);
        StringAssert.Contains(e.Message, $"it is {fraction}");
    }

    [TestMethod]
    public void AnUnknownOrVectorSamplingKeyIsRejected()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Items(10));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ctx.Data.TrainTestSplit(data, 0.2, "Nope")).Message, "no column 'Nope'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ctx.Data.CrossValidationSplit(data, 2, "V")).Message, "'V'");
    }

    [TestMethod]
    public void CrossValidationFoldsPartitionTheData()
    {
        var ctx = new DeepContext(seed: 2);
        IDataView data = ctx.Data.LoadFromEnumerable(Items(53));
        IReadOnlyList<DataOperationsCatalog.TrainTestData> folds = ctx.Data.CrossValidationSplit(data);
        Assert.HasCount(5, folds);
        var allTest = new List<int>();
        foreach (var fold in folds)
        {
            int[] test = Ids(fold.TestSet);
            int[] train = Ids(fold.TrainSet);
            Assert.IsTrue(test.Length is 10 or 11, $"fold sizes differ by at most one, got {test.Length}");
            Assert.AreEqual(53, test.Length + train.Length);
            Assert.IsFalse(test.Intersect(train).Any());
            allTest.AddRange(test);
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 53).ToArray(), allTest, "every row is in exactly one test fold");
    }

    [TestMethod]
    public void CrossValidationIsDeterministicAndCanStratify()
    {
        var ctx = new DeepContext(seed: 9);
        IDataView data = ctx.Data.LoadFromEnumerable(Items(100));
        var a = ctx.Data.CrossValidationSplit(data, 4, "Class");
        var b = ctx.Data.CrossValidationSplit(data, 4, "Class", seed: 9);
        Item[] items = Items(100);
        for (int f = 0; f < 4; f++)
        {
            int[] test = Ids(a[f].TestSet);
            CollectionAssert.AreEqual(test, Ids(b[f].TestSet));
            Assert.AreEqual(25, test.Length);
            int countA = test.Count(i => items[i].Class == "a");
            int countC = test.Count(i => items[i].Class == "c");
            Assert.IsTrue(countA is 17 or 18, $"fold {f}: {countA} of class a (70 / 4 = 17.5)");
            Assert.IsTrue(countC is 2 or 3, $"fold {f}: {countC} of class c (10 / 4 = 2.5)");
        }
    }

    [TestMethod]
    public void TooFewFoldsOrMoreFoldsThanRowsAreRejected()
    {
        var ctx = new DeepContext();
        IDataView data = ctx.Data.LoadFromEnumerable(Items(3));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.CrossValidationSplit(data, 1));
        Assert.AreEqual("numberOfFolds", e.ParamName);
        StringAssert.Contains(e.Message, "it is 1");
        var e2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.CrossValidationSplit(data, 4));
        StringAssert.Contains(e2.Message, "numberOfFolds is 4 but the data has only 3 rows");
    }
}
