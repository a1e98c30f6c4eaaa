namespace MLNetDeep.Reporting.Tests.Charts;

using System.Globalization;
using System.Xml.Linq;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class SweepChartsTests
{
    private static SearchSpace Space() => new SearchSpace()
        .AddFloat("LearningRate", 1e-4, 1e-1, 1e-3, ParameterScale.Log)
        .AddInt("BatchSize", 16, 256, 64, ParameterScale.PowerOfTwo)
        .AddFloat("DropoutRate", 0, 0.5)
        .AddChoice("Optimizer", "Adam", "Momentum");

    // Metrics 0.6, 0.8, 0.7, 0.9, then a failed and a pruned trial; loss = 1 - metric.
    private static TrialRecord[] Trials()
    {
        (double lr, int batch, double drop, string opt, double metric)[] runs =
            [(0.001, 32, 0.1, "Adam", 0.6), (0.01, 64, 0.2, "Momentum", 0.8), (0.0002, 16, 0.4, "Adam", 0.7), (0.05, 256, 0.0, "Adam", 0.9)];
        var trials = runs.Select((r, i) => new TrialRecord
        {
            Study = "s",
            TrialId = i,
            ParametersJson = string.Create(CultureInfo.InvariantCulture, $$"""{"LearningRate": {{r.lr}}, "BatchSize": {{r.batch}}, "DropoutRate": {{r.drop}}, "Optimizer": "{{r.opt}}"}"""),
            Status = TrialStatus.Completed,
            Metric = r.metric,
            Loss = 1 - r.metric,
        }).ToList();
        trials.Add(new TrialRecord { Study = "s", TrialId = 4, ParametersJson = """{"LearningRate": 0.1, "BatchSize": 16, "DropoutRate": 0.5, "Optimizer": "Adam"}""", Status = TrialStatus.Failed, Error = "diverged" });
        trials.Add(new TrialRecord { Study = "s", TrialId = 5, ParametersJson = """{"LearningRate": 0.1, "BatchSize": 16, "DropoutRate": 0.5, "Optimizer": "Adam"}""", Status = TrialStatus.Pruned });
        return [.. trials];
    }

    [TestMethod]
    public void History_has_a_dot_per_completed_trial_and_a_best_so_far_step()
    {
        XElement root = SvgAssert.Parse(SweepCharts.OptimizationHistory(Trials(), "Accuracy"), "optimization-history");
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
        SearchSpace space = Space();
        XElement lr = SvgAssert.Parse(SweepCharts.ParameterVsMetric(space, Trials(), "LearningRate", "Accuracy"), "parameter");
        Assert.AreEqual("LearningRate", (string)lr.Attribute("data-parameter")!);
        Assert.AreEqual("log", lr.Scale("x-axis"));
        Assert.AreEqual(4, lr.Series("trials").Points());
        Assert.AreEqual(1, lr.Series("best").Points());
        Assert.AreEqual("log", SvgAssert.Parse(SweepCharts.ParameterVsMetric(space, Trials(), "BatchSize", "Accuracy"), "parameter").Scale("x-axis"));
        Assert.AreEqual("linear", SvgAssert.Parse(SweepCharts.ParameterVsMetric(space, Trials(), "DropoutRate", "Accuracy"), "parameter").Scale("x-axis"));
        XElement optimizer = SvgAssert.Parse(SweepCharts.ParameterVsMetric(space, Trials(), "Optimizer", "Accuracy"), "parameter");
        Assert.AreEqual("category", optimizer.Scale("x-axis"));
        Assert.ThrowsExactly<KeyNotFoundException>(() => SweepCharts.ParameterVsMetric(space, Trials(), "Nope", "Accuracy"));
    }

    [TestMethod]
    public void Parallel_coordinates_draw_a_line_per_completed_trial_across_every_axis()
    {
        XElement root = SvgAssert.Parse(SweepCharts.ParallelCoordinates(Space(), Trials(), "Accuracy"), "parallel-coordinates");
        CollectionAssert.AreEqual(new[] { "LearningRate", "BatchSize", "DropoutRate", "Optimizer", "Accuracy" }, root.WithClass("pc-axis").Select(a => (string)a.Attribute("data-axis")!).ToArray());
        XElement[] lines = root.WithClass("trial").ToArray();
        Assert.HasCount(4, lines, "failed and pruned trials are not drawn");
        Assert.IsTrue(lines.All(l => (int)l.Attribute("data-points")! == 5));
        XElement best = root.WithClass("best").Single();
        Assert.AreEqual("trial 3", (string)best.Attribute("data-series")!);
        Assert.AreSame(lines[^1], best, "the best trial is drawn last, on top");
    }

    [TestMethod]
    public void No_completed_trials_give_valid_empty_charts()
    {
        TrialRecord[] none = Trials().Where(t => t.Status != TrialStatus.Completed).ToArray();
        Assert.AreEqual(0, SvgAssert.Parse(SweepCharts.OptimizationHistory(none, "Accuracy"), "optimization-history").Series("trial").Points());
        Assert.AreEqual(0, SvgAssert.Parse(SweepCharts.ParameterVsMetric(Space(), none, "LearningRate", "Accuracy"), "parameter").Series("trials").Points());
        Assert.IsEmpty(SvgAssert.Parse(SweepCharts.ParallelCoordinates(Space(), none, "Accuracy"), "parallel-coordinates").WithClass("trial"));
    }
}
