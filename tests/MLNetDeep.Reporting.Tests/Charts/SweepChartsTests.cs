namespace MLNetDeep.Reporting.Tests.Charts;

using System.Globalization;
using System.Xml.Linq;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Sweeps;

[TestClass]
public sealed class SweepChartsTests
{
    [TestMethod]
    public void History_has_a_dot_per_completed_trial_and_a_best_so_far_step()
    {
        XElement root = SvgAssert.Parse(SweepCharts.OptimizationHistory(SweepData.History()), "optimization-history");
        Assert.AreEqual(4, root.Series("trial").Points());
        Assert.HasCount(4, root.Series("trial").WithClass("marker"));
        // Improvements at trials 1 and 3 add a step vertex each: 4 + 2.
        Assert.AreEqual(6, root.Series("best so far").Points());
        string d = (string)root.Series("best so far").WithClass("line").Single().Attribute("d")!;
        double[] ys = d.Split(' ').Select(p => double.Parse(p[1..].Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        for (int i = 1; i < ys.Length; i++)
        {
            Assert.IsTrue(ys[i] <= ys[i - 1] + 1e-9, "best so far never gets worse (up is better: smaller pixel y)");
        }
    }

    [TestMethod]
    public void Parameters_on_a_log_scale_get_a_log_axis_and_choices_categories()
    {
        SweepHistory history = SweepData.History();
        XElement lr = SvgAssert.Parse(SweepCharts.ParameterVsMetric(history, "LearningRate"), "parameter");
        Assert.AreEqual("LearningRate", (string)lr.Attribute("data-parameter")!);
        Assert.AreEqual("log", lr.Scale("x-axis"));
        Assert.AreEqual(4, lr.Series("trials").Points());
        Assert.AreEqual(1, lr.Series("best").Points());
        Assert.AreEqual("log", SvgAssert.Parse(SweepCharts.ParameterVsMetric(history, "BatchSize"), "parameter").Scale("x-axis"));
        Assert.AreEqual("linear", SvgAssert.Parse(SweepCharts.ParameterVsMetric(history, "DropoutRate"), "parameter").Scale("x-axis"));
        XElement optimizer = SvgAssert.Parse(SweepCharts.ParameterVsMetric(history, "Optimizer"), "parameter");
        Assert.AreEqual("category", optimizer.Scale("x-axis"));
        StringAssert.Contains(Assert.ThrowsExactly<KeyNotFoundException>(() => SweepCharts.ParameterVsMetric(history, "Nope")).Message, "LearningRate, BatchSize");
    }

    [TestMethod]
    public void Parallel_coordinates_draw_a_line_per_completed_trial_across_every_axis()
    {
        XElement root = SvgAssert.Parse(SweepCharts.ParallelCoordinates(SweepData.History()), "parallel-coordinates");
        CollectionAssert.AreEqual(new[] { "LearningRate", "BatchSize", "DropoutRate", "Optimizer", "Accuracy" }, root.WithClass("pc-axis").Select(a => (string)a.Attribute("data-axis")!).ToArray());
        XElement[] lines = root.WithClass("trial").ToArray();
        Assert.HasCount(4, lines, "failed and pruned trials are not drawn");
        Assert.IsTrue(lines.All(l => (int)l.Attribute("data-points")! == 5));
        XElement best = root.WithClass("best").Single();
        Assert.AreEqual("trial 3", (string)best.Attribute("data-series")!);
        Assert.AreSame(lines[^1], best, "the best trial is drawn last, on top");
        CollectionAssert.AreEqual(new[] { "Adam", "Momentum" }, root.WithClass("pc-axis").ElementAt(3).WithClass("tick").Select(t => t.Value).ToArray(), "a choice's axis is labelled by its values");
    }

    [TestMethod]
    public void No_completed_trials_give_valid_empty_charts()
    {
        SweepHistory none = SweepData.History() with { Trials = SweepData.History().Trials.Where(t => t.Status != SweepTrialStatus.Completed).ToArray() };
        Assert.AreEqual(0, SvgAssert.Parse(SweepCharts.OptimizationHistory(none), "optimization-history").Series("trial").Points());
        Assert.AreEqual(0, SvgAssert.Parse(SweepCharts.ParameterVsMetric(none, "LearningRate"), "parameter").Series("trials").Points());
        Assert.IsEmpty(SvgAssert.Parse(SweepCharts.ParallelCoordinates(none), "parallel-coordinates").WithClass("trial"));
    }
}
