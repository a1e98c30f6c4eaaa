namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

[TestClass]
public sealed class StratifiedSplitTests
{
    [TestMethod]
    public void Every_class_keeps_its_share_and_the_sizes_are_exact()
    {
        var ml = new MLContext(seed: 1);
        // 70 a, 20 b, 10 c, interleaved.
        string[] labels = Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? "c" : i % 10 < 3 ? "b" : "a").ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new Row { Id = i, Label = l }));
        StratifiedTrainTestData split = ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0.25, seed: 3);

        string[] test = split.TestSet.GetColumn<string>("Label").ToArray();
        Assert.AreEqual(25, test.Length);
        Assert.AreEqual(75L, split.TrainSet.GetRowCount());
        // 17.5, 5 and 2.5 rows owed: 24 by floor, the 25th to the first of the tied remainders (c, seen first).
        Assert.AreEqual(17, test.Count(l => l == "a"));
        Assert.AreEqual(5, test.Count(l => l == "b"));
        Assert.AreEqual(3, test.Count(l => l == "c"));
        int[] trainIds = split.TrainSet.GetColumn<int>("Id").ToArray();
        int[] testIds = split.TestSet.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).ToArray(), trainIds.Concat(testIds).Order().ToArray(), "a partition");
        CollectionAssert.AreEqual(trainIds.Order().ToArray(), trainIds, "original order kept");

        int[] again = ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0.25, seed: 3).TestSet.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(testIds, again, "the same seed, the same split");
        int[] other = ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0.25, seed: 4).TestSet.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreNotEqual(testIds, other);
    }

    [TestMethod]
    public void Without_a_column_it_is_a_random_split_of_exact_size()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 41).Select(i => new Row { Id = i, Label = "x" }));
        StratifiedTrainTestData split = ml.Data.StratifiedTrainTestSplit(data, null, testFraction: 0.5);
        Assert.AreEqual(21, split.TestSet.GetColumn<int>("Id").Count(), "round(20.5) away from zero");
        Assert.AreEqual(20, split.TrainSet.GetColumn<int>("Id").Count());
    }

    [TestMethod]
    public void Bad_arguments_name_themselves()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new Row { Id = 1, Label = "a" } });
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 1));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Data.StratifiedTrainTestSplit(data, "Nope")).Message, "no column 'Nope'");
    }

    [TestMethod]
    [DataRow(0.5)]
    [DataRow(0.9)]
    public void A_class_of_one_or_two_rows_keeps_a_training_row(double testFraction)
    {
        var ml = new MLContext(seed: 1);
        // 1 solo, 2 duo, 9 a, 8 b.
        string[] labels = Enumerable.Range(0, 20).Select(i => i == 0 ? "solo" : i < 3 ? "duo" : i % 2 == 0 ? "a" : "b").ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new Row { Id = i, Label = l }));
        for (int seed = 0; seed < 3; seed++)
        {
            StratifiedTrainTestData split = ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction, seed);
            string[] train = split.TrainSet.GetColumn<string>("Label").ToArray();
            string[] test = split.TestSet.GetColumn<string>("Label").ToArray();
            CollectionAssert.AreEquivalent(new[] { "a", "b", "duo", "solo" }, train.Distinct().ToArray(), $"every class is trained on (seed {seed})");
            Assert.AreEqual(0, test.Count(l => l == "solo"));
            Assert.AreEqual(1, test.Count(l => l == "duo"), "half or 1.8 of two rows: one, never both");
            Assert.AreEqual(20, train.Length + test.Length);
        }
    }

    [TestMethod]
    public void A_split_that_leaves_a_side_empty_is_an_error_naming_testFraction()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Row { Id = i, Label = i % 2 == 0 ? "a" : "b" }));
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.StratifiedTrainTestSplit(data, "Label", testFraction: 0.01));
        Assert.AreEqual("testFraction", e.ParamName);
        StringAssert.Contains(e.Message, "testFraction is 0.01: of the data's 20 rows, 0 would be test rows and 20 training rows");
        IDataView one = ml.Data.LoadFromEnumerable(new[] { new Row { Id = 1, Label = "a" } });
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.StratifiedTrainTestSplit(one, null, testFraction: 0.99));
        StringAssert.Contains(e.Message, "the data needs at least 2");
        IDataView none = ml.Data.LoadFromEnumerable(Array.Empty<Row>());
        Assert.ThrowsExactly<ArgumentException>(() => ml.Data.StratifiedTrainTestSplit(none, "Label", testFraction: 0.5));
    }

    [TestMethod]
    public void Boolean_key_and_float_columns_stratify_with_NaN_as_a_value_of_its_own()
    {
        var ml = new MLContext(seed: 1);
        // 30 rows: X is 1 (12 rows), 2 (6), NaN (12); Flag is true for 10 of them.
        Row[] rows = Enumerable.Range(0, 30).Select(i => new Row { Id = i, Label = i % 3 == 0 ? "x" : "y", X = i % 5 < 2 ? 1 : i % 5 == 2 ? 2 : float.NaN, Flag = i % 3 == 1 }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(data).Transform(data);
        foreach (string column in new[] { "X", "Flag", "Key" })
        {
            StratifiedTrainTestData split = ml.Data.StratifiedTrainTestSplit(keyed, column, testFraction: 0.5, seed: 7);
            int[] test = split.TestSet.GetColumn<int>("Id").ToArray();
            Assert.AreEqual(15, test.Length, column);
            if (column == "X")
            {
                Assert.AreEqual(6, test.Count(i => rows[i].X == 1), "half of each value");
                Assert.AreEqual(3, test.Count(i => rows[i].X == 2));
                Assert.AreEqual(6, test.Count(i => float.IsNaN(rows[i].X)), "NaN rows are one stratum");
            }
            else
            {
                Assert.AreEqual(5, test.Count(i => column == "Flag" ? rows[i].Flag : rows[i].Label == "x"), column);
            }
        }
    }

    private sealed class Row
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";

        public float X { get; set; }

        public bool Flag { get; set; }
    }
}
