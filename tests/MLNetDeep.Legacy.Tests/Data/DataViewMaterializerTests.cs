namespace MLNetDeep.Legacy.Tests.Data;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class DataViewMaterializerTests
{
    private sealed class AllTypes
    {
        public float F { get; set; }

        public double D { get; set; }

        public int I { get; set; }

        public long L { get; set; }

        public bool B { get; set; }

        public string S { get; set; } = "";

        [VectorType(2)]
        public float[] Known { get; set; } = [];

        public float[] Variable { get; set; } = [];

        [KeyType(5)]
        public uint K { get; set; }
    }

    [TestMethod]
    public void EveryColumnTypeRoundTrips()
    {
        AllTypes[] rows =
        [
            new() { F = 1.5f, D = 2.5, I = -3, L = 1L << 40, B = true, S = "a", Known = [1, 2], Variable = [9], K = 4 },
            new() { F = -1, D = 0, I = 7, L = -2, B = false, S = "bb", Known = [3, 4], Variable = [], K = 0 },
            new() { F = 0, D = -1e300, I = 0, L = 0, B = true, S = "", Known = [5, 6], Variable = [1, 2, 3], K = 5 },
        ];
        var ctx = new DeepContext();
        IDataView source = ctx.Data.LoadFromEnumerable(rows);
        InMemoryDataView memory = DataViewMaterializer.Materialize(source);
        Assert.AreEqual(3, memory.RowCount);
        Assert.AreSame(source.Schema, memory.Schema);
        Assert.AreSame(memory, DataViewMaterializer.Materialize(memory), "an in-memory view is returned as is");
        AllTypes[] back = ctx.Data.CreateEnumerable<AllTypes>(memory, reuseRowObject: false).ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(rows[i].F, back[i].F);
            Assert.AreEqual(rows[i].D, back[i].D);
            Assert.AreEqual(rows[i].I, back[i].I);
            Assert.AreEqual(rows[i].L, back[i].L);
            Assert.AreEqual(rows[i].B, back[i].B);
            Assert.AreEqual(rows[i].S, back[i].S);
            CollectionAssert.AreEqual(rows[i].Known, back[i].Known);
            CollectionAssert.AreEqual(rows[i].Variable, back[i].Variable);
            Assert.AreEqual(rows[i].K, back[i].K);
        }
    }

    [TestMethod]
    public void AnEmptyViewMaterializesToZeroRows()
    {
        IDataView source = new DeepContext().Data.LoadFromEnumerable(Array.Empty<AllTypes>());
        Assert.AreEqual(0, DataViewMaterializer.Materialize(source).RowCount);
    }
}
