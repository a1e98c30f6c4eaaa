namespace MLNetDeep.Reporting.Tests.Charts;

using System.Xml.Linq;
using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class ConfusionMatrixChartTests
{
    [TestMethod]
    public void Every_cell_carries_its_classes_and_count()
    {
        string[] names = ["cat", "dog", "<bird & co>"];
        double[][] counts = [[5, 1, 0], [2, 7, 1], [0, 0, 9]];
        XElement root = SvgAssert.Parse(ConfusionMatrixChart.Render(names, counts), "confusion-matrix");
        XElement[] cells = root.WithClass("cell").ToArray();
        Assert.HasCount(9, cells);
        XElement dogAsCat = cells.Single(c => (string)c.Attribute("data-actual")! == "dog" && (string)c.Attribute("data-predicted")! == "cat");
        Assert.AreEqual(2, (double)dogAsCat.Attribute("data-count")!);
        Assert.AreEqual("2", dogAsCat.Element(SvgAssert.Ns + "text")!.Value);
        Assert.AreEqual(3, root.WithClass("actual-label").Count());
        Assert.AreEqual("<bird & co>", root.WithClass("predicted-label").Last().Value);
        string Fill(string a, string p) => (string)cells.Single(c => (string)c.Attribute("data-actual")! == a && (string)c.Attribute("data-predicted")! == p).Element(SvgAssert.Ns + "rect")!.Attribute("fill")!;
        Assert.AreNotEqual(Fill("cat", "cat"), Fill("cat", "<bird & co>"), "a full diagonal cell is shaded unlike an empty one");
    }

    [TestMethod]
    public void Empty_rows_and_a_single_class_are_valid()
    {
        XElement zero = SvgAssert.Parse(ConfusionMatrixChart.Render(["a", "b"], [[0, 0], [0, 3]]), "confusion-matrix");
        Assert.HasCount(4, zero.WithClass("cell").ToArray());
        XElement one = SvgAssert.Parse(ConfusionMatrixChart.Render(["only"], [[4]], title: ""), "confusion-matrix");
        Assert.HasCount(1, one.WithClass("cell").ToArray());
    }

    [TestMethod]
    public void A_matrix_that_does_not_match_the_names_is_refused() =>
        Assert.ThrowsExactly<ArgumentException>(() => ConfusionMatrixChart.Render(["a", "b"], [[1, 2], [3]]));
}
