namespace MLNetDeep.Reporting.Tests.Charts;

using System.Xml.Linq;
using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class DecisionBoundaryChartTests
{
    private static readonly LabeledPoint[] Points =
    [
        new(-1, -1, 0), new(-0.5, -0.8, 0), new(-0.9, 0.2, 0),
        new(1, 1, 1), new(0.6, 0.9, 1),
    ];

    [TestMethod]
    public void The_scorer_sees_every_grid_cell_once_and_points_are_grouped_by_class()
    {
        int calls = 0, seen = 0;
        string svg = DecisionBoundaryChart.Render((xs, ys) =>
        {
            calls++;
            seen = xs.Count;
            Assert.AreEqual(xs.Count, ys.Count);
            return xs.Select((x, i) => x + ys[i] > 0 ? 1.0 : 0.0).ToArray();
        }, Points, new DecisionBoundaryOptions { Resolution = 20, ClassNames = ["no", "yes & maybe"], XLabel = "x<1>" });

        Assert.AreEqual(1, calls, "one batch");
        Assert.AreEqual(400, seen);
        XElement root = SvgAssert.Parse(svg, "decision-boundary");
        XElement grid = root.WithClass("boundary").Single();
        Assert.AreEqual(400, (int)grid.Attribute("data-cells")!);
        Assert.AreEqual("class", (string)grid.Attribute("data-kind")!);
        Assert.IsTrue(grid.Elements().Count() is > 20 and < 400, "runs of one colour are merged per row");
        Assert.AreEqual(2, grid.Elements().Select(e => (string)e.Attribute("fill")!).Distinct().Count(), "two classes, two colours");
        Assert.AreEqual(3, root.Series("no").Points());
        Assert.AreEqual(2, root.Series("yes & maybe").Points());
        Assert.HasCount(2, root.Series("yes & maybe").WithClass("marker"));
        Assert.AreEqual("x<1>", root.WithClass("x-axis").Single().WithClass("axis-label").Single().Value);
    }

    [TestMethod]
    public void The_grid_spans_the_data_with_a_margin()
    {
        double minX = double.MaxValue, maxX = double.MinValue;
        DecisionBoundaryChart.Render((x, y) =>
        {
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            return 0;
        }, Points, new DecisionBoundaryOptions { Resolution = 10 });
        Assert.IsTrue(minX < -1 && maxX > 1, $"{minX} .. {maxX}");
    }

    [TestMethod]
    public void Probabilities_shade_from_one_class_to_the_other()
    {
        string svg = DecisionBoundaryChart.Render((x, y) => 1 / (1 + Math.Exp(-3 * x)), Points, new DecisionBoundaryOptions { Probability = true, Resolution = 30 });
        XElement grid = SvgAssert.Parse(svg, "decision-boundary").WithClass("boundary").Single();
        Assert.AreEqual("probability", (string)grid.Attribute("data-kind")!);
        Assert.IsTrue(grid.Elements().Select(e => (string)e.Attribute("fill")!).Distinct().Count() > 10, "a gradient, not two colours");
    }

    [TestMethod]
    public void Degenerate_inputs_still_draw()
    {
        XElement empty = SvgAssert.Parse(DecisionBoundaryChart.Render((x, y) => double.NaN, [], new DecisionBoundaryOptions { Resolution = 4 }), "decision-boundary");
        Assert.AreEqual(16, (int)empty.WithClass("boundary").Single().Attribute("data-cells")!);
        Assert.IsEmpty(empty.WithClass("series"));
        XElement onePoint = SvgAssert.Parse(DecisionBoundaryChart.Render((x, y) => 0, [new LabeledPoint(3, 3, 0), new LabeledPoint(double.NaN, 1, 1)], new DecisionBoundaryOptions { Resolution = 4 }), "decision-boundary");
        Assert.AreEqual(1, onePoint.Series("class 0").Points(), "the NaN point is left out");
    }

    [TestMethod]
    public void Points_beyond_the_maximum_are_thinned_and_a_wrong_scorer_is_an_error()
    {
        LabeledPoint[] many = Enumerable.Range(0, 1000).Select(i => new LabeledPoint(i, i % 7, i % 2)).ToArray();
        XElement root = SvgAssert.Parse(DecisionBoundaryChart.Render((x, y) => 0, many, new DecisionBoundaryOptions { Resolution = 4, MaxPoints = 100 }), "decision-boundary");
        Assert.AreEqual(100, root.WithClass("marker").Count());
        Assert.ThrowsExactly<InvalidOperationException>(() => DecisionBoundaryChart.Render((xs, ys) => [1.0], Points, new DecisionBoundaryOptions { Resolution = 4 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DecisionBoundaryChart.Render((x, y) => 0, Points, new DecisionBoundaryOptions { Resolution = 1 }));
    }
}
