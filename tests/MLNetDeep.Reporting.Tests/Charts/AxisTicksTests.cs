namespace MLNetDeep.Reporting.Tests.Charts;

using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class AxisTicksTests
{
    [TestMethod]
    public void Linear_ticks_are_nice_steps_covering_the_data()
    {
        CollectionAssert.AreEqual(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }, Round(AxisTicks.Linear(0, 1)));
        CollectionAssert.AreEqual(new[] { 0.2, 0.4, 0.6, 0.8, 1.0 }, Round(AxisTicks.Linear(0.31, 0.97)));
        CollectionAssert.AreEqual(new[] { 0.0, 100, 200, 300 }, Round(AxisTicks.Linear(3, 241)));
        CollectionAssert.AreEqual(new[] { -20.0, -10, 0, 10 }, Round(AxisTicks.Linear(-17, 4)));
    }

    [TestMethod]
    public void Degenerate_linear_ranges_get_a_domain_around_the_value()
    {
        double[] constant = AxisTicks.Linear(0.7, 0.7);
        Assert.IsTrue(constant[0] < 0.7 && constant[^1] > 0.7, string.Join(",", constant));
        double[] zero = AxisTicks.Linear(0, 0);
        Assert.IsTrue(zero[0] <= -1 && zero[^1] >= 1);
        CollectionAssert.AreEqual(Round(AxisTicks.Linear(0, 1)), Round(AxisTicks.Linear(double.NaN, double.PositiveInfinity)), "nothing finite: [0, 1]");
        CollectionAssert.AreEqual(Round(AxisTicks.Linear(0, 1)), Round(AxisTicks.Linear(1, 0)), "swapped bounds");
    }

    [TestMethod]
    public void Log_ticks_are_powers_of_ten_with_2_and_5_over_short_spans()
    {
        CollectionAssert.AreEqual(new[] { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1 }, AxisTicks.Log(0.0013, 0.09));
        CollectionAssert.AreEqual(new[] { 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10 }, AxisTicks.Log(2e-5, 7));
        CollectionAssert.AreEqual(new[] { 1.0, 2, 5, 10 }, AxisTicks.Log(1, 1), "one value: a decade");
        CollectionAssert.AreEqual(new[] { 1.0, 2, 5, 10 }, AxisTicks.Log(-3, 0), "nothing positive: [1, 10]");
    }

    [TestMethod]
    public void Labels_are_culture_invariant_and_as_precise_as_the_step()
    {
        Assert.AreEqual("0.5", AxisTicks.Label(0.5, 0.1));
        Assert.AreEqual("0.25", AxisTicks.Label(0.25, 0.05));
        Assert.AreEqual("150", AxisTicks.Label(150, 50));
        Assert.AreEqual("0", AxisTicks.Label(0, 0.2));
        Assert.AreEqual("2.5E+6", AxisTicks.Label(2.5e6, 5e5));
        Assert.AreEqual("0.001", AxisTicks.LogLabel(0.001));
        Assert.AreEqual("1e-4", AxisTicks.LogLabel(1e-4));
        Assert.AreEqual("5e-5", AxisTicks.LogLabel(5e-5));
        Assert.AreEqual("1e5", AxisTicks.LogLabel(1e5));
        Assert.AreEqual("100", AxisTicks.LogLabel(100));
    }

    private static double[] Round(double[] v) => v.Select(x => Math.Round(x, 10)).ToArray();
}
