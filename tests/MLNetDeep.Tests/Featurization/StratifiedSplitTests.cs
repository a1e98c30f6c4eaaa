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

    private sealed class Row
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";
    }
}
