namespace MLNetDeep.Reporting.Tests.Charts;

using System.Xml.Linq;
using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class LineChartTests
{
    [TestMethod]
    public void Every_series_is_drawn_with_its_points_and_a_legend_entry()
    {
        double[] x = [1, 2, 3, 4, 5];
        string svg = LineChart.Render(
            [new ChartSeries("training loss", x, [0.9, 0.7, 0.5, 0.4, 0.35]), new ChartSeries("validation loss", x, [1.0, 0.8, 0.6, 0.55, 0.5])],
            new ChartOptions { Title = "Loss", XLabel = "epoch", YLabel = "loss", Kind = "loss" });

        XElement root = SvgAssert.Parse(svg, "loss");
        Assert.AreEqual(5, root.Series("training loss").Points());
        Assert.AreEqual(5, root.Series("validation loss").Points());
        string d = (string)root.Series("training loss").WithClass("line").Single().Attribute("d")!;
        Assert.AreEqual(1, d.Count(c => c == 'M'));
        Assert.AreEqual(4, d.Count(c => c == 'L'));
        CollectionAssert.AreEqual(new[] { "training loss", "validation loss" }, root.WithClass("legend-item").Select(e => (string)e.Attribute("data-series")!).ToArray());
        Assert.AreEqual("linear", root.Scale("x-axis"));
        double[] yTicks = root.Ticks("y-axis");
        Assert.IsTrue(yTicks[0] <= 0.35 && yTicks[^1] >= 1.0, string.Join(",", yTicks));
    }

    [TestMethod]
    public void NaN_breaks_the_line_and_is_not_counted()
    {
        string svg = LineChart.Render([new ChartSeries("s", [1, 2, 3, 4, 5, 6], [1, 2, double.NaN, 4, 5, double.PositiveInfinity])], new ChartOptions());
        XElement series = SvgAssert.Parse(svg, "line").Series("s");
        Assert.AreEqual(4, series.Points());
        string d = (string)series.WithClass("line").Single().Attribute("d")!;
        Assert.AreEqual(2, d.Count(c => c == 'M'), d);
        Assert.DoesNotContain("NaN", d);
        Assert.DoesNotContain("Infinity", svg);
    }

    [TestMethod]
    public void A_single_point_gets_a_marker_and_constant_values_a_valid_axis()
    {
        XElement one = SvgAssert.Parse(LineChart.Render([new ChartSeries("s", [1], [0.5])], new ChartOptions()), "line");
        Assert.AreEqual(1, one.Series("s").Points());
        Assert.HasCount(1, one.Series("s").WithClass("marker"));
        Assert.IsEmpty(one.Series("s").WithClass("line"));

        XElement constant = SvgAssert.Parse(LineChart.Render([new ChartSeries("c", [1, 2, 3], [2, 2, 2])], new ChartOptions()), "line");
        double[] ticks = constant.Ticks("y-axis");
        Assert.IsTrue(ticks[0] < 2 && ticks[^1] > 2, string.Join(",", ticks));
        string d = (string)constant.Series("c").WithClass("line").Single().Attribute("d")!;
        Assert.IsFalse(d.Split(' ').Select(p => p.Split(',')[1]).Distinct().Count() != 1, "a flat line");
    }

    [TestMethod]
    public void Empty_inputs_give_a_valid_empty_chart()
    {
        XElement none = SvgAssert.Parse(LineChart.Render([], new ChartOptions { Title = "nothing" }), "line");
        Assert.IsEmpty(none.WithClass("series"));
        XElement allNaN = SvgAssert.Parse(LineChart.Render([new ChartSeries("n", [1, 2], [double.NaN, double.NaN])], new ChartOptions()), "line");
        Assert.AreEqual(0, allNaN.Series("n").Points());
        Assert.IsEmpty(allNaN.Series("n").WithClass("line"));
    }

    [TestMethod]
    public void Log_axes_place_decades_evenly_and_drop_non_positive_values()
    {
        string svg = LineChart.Render([new ChartSeries("rate", [1, 2, 3, 4], [0.1, 0.01, 0.001, 0])], new ChartOptions { LogY = true });
        XElement root = SvgAssert.Parse(svg, "line");
        Assert.AreEqual("log", root.Scale("y-axis"));
        CollectionAssert.AreEqual(new[] { 0.001, 0.01, 0.1 }, root.Ticks("y-axis").Where(t => Math.Abs(Math.Log10(t) - Math.Round(Math.Log10(t))) < 1e-9).ToArray());
        Assert.AreEqual(3, root.Series("rate").Points(), "0 cannot be placed on a log axis");
        double[] ys = ((string)root.Series("rate").WithClass("line").Single().Attribute("d")!).Split(' ')
            .Select(p => double.Parse(p[1..].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(ys[1] - ys[0], ys[2] - ys[1], 0.02, "equal pixel steps per decade");
    }

    [TestMethod]
    public void Text_is_escaped_and_the_chart_stays_well_formed()
    {
        string name = "a<b & \"c\" 'd' \u0001";
        string svg = LineChart.Render([new ChartSeries(name, [1, 2], [1, 2])], new ChartOptions { Title = "</svg><script>alert(1)</script>", XLabel = "x & y" });
        XElement root = SvgAssert.Parse(svg, "line");
        Assert.DoesNotContain("<script", svg);
        Assert.AreEqual("a<b & \"c\" 'd' ", (string)root.WithClass("series").Single().Attribute("data-series")!);
        Assert.AreEqual("</svg><script>alert(1)</script>", root.Element(SvgAssert.Ns + "title")!.Value);
    }

    [TestMethod]
    public void Categorical_x_axis_labels_the_categories()
    {
        string svg = LineChart.Render([new ChartSeries("s", [0, 1, 2], [3, 1, 2], SeriesStyle.Markers)], new ChartOptions { XCategories = ["Adam", "SGD", "RMS<prop>"] });
        XElement root = SvgAssert.Parse(svg, "line");
        Assert.AreEqual("category", root.Scale("x-axis"));
        CollectionAssert.AreEqual(new[] { "Adam", "SGD", "RMS<prop>" }, root.WithClass("x-axis").Single().WithClass("tick").Select(t => t.Element(SvgAssert.Ns + "text")!.Value).ToArray());
        Assert.HasCount(3, root.Series("s").WithClass("marker"));
    }

    [TestMethod]
    public void Numbers_are_culture_invariant()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.AreEqual("0,5", 0.5.ToString(System.Globalization.CultureInfo.CurrentCulture), "the test culture writes decimal commas");
            string svg = LineChart.Render([new ChartSeries("s", [0.5, 1.5], [0.25, 0.75])], new ChartOptions());
            XElement root = SvgAssert.Parse(svg, "line");
            string[] numeric = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "data-value"];
            foreach (XAttribute a in root.DescendantsAndSelf().Attributes().Where(a => numeric.Contains(a.Name.LocalName)))
            {
                Assert.IsTrue(double.TryParse(a.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && !a.Value.Contains(','), $"{a.Name}=\"{a.Value}\"");
            }

            string[] labels = root.WithClass("y-axis").Single().WithClass("tick").Select(t => t.Element(SvgAssert.Ns + "text")!.Value).ToArray();
            Assert.Contains("0.5", labels);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [TestMethod]
    public void Bad_input_is_refused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LineChart.Render([new ChartSeries("s", [1, 2], [1])], new ChartOptions()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LineChart.Render([], new ChartOptions { Width = 10 }));
    }
}
