namespace MLNetDeep.Samples.Tests;

using System.Globalization;
using MLNetDeep.Samples.GradientChecking;
using MLNetDeep.Samples.Initialization;
using MLNetDeep.Samples.Optimization;
using MLNetDeep.Samples.Regularization;

/// <summary>The course's experiments on the samples' default data, with the thresholds.</summary>
[TestClass]
public sealed class ExperimentTests
{
    [TestMethod]
    [TestCategory("Slow")]
    public void Initialization_ZerosPredictOneClass_LargeRandomTrailsHe_HeFitsCircles()
    {
        var (train, test) = InitializationExperiment.DefaultData();
        var rows = InitializationExperiment.Run(train, test);
        Assert.HasCount(3, rows);
        var (zeros, large, he) = (rows[0], rows[1], rows[2]);

        double positive = train.Targets.Count(t => t == 1f) / (double)train.Count;
        double majority = Math.Max(positive, 1 - positive);
        Assert.AreEqual(majority, zeros.TrainAccuracy, 1e-9, "zeros initialization predicts one class");
        Assert.IsLessThanOrEqualTo(he.TrainAccuracy - 0.05 + 1e-9, large.TrainAccuracy, $"large random {large.TrainAccuracy:P1} vs He {he.TrainAccuracy:P1}");
        Assert.IsGreaterThanOrEqualTo(0.96 - 1e-9, he.TrainAccuracy);
        Assert.IsGreaterThanOrEqualTo(0.92 - 1e-9, he.TestAccuracy);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void Regularization_UnregularizedOverfits_L2AndDropoutEachImproveTest()
    {
        // Mean accuracies over the six fixed draws (see RegularizationExperiment.Draws for why one draw is not enough).
        var rows = RegularizationExperiment.RunAveraged();
        Assert.HasCount(3, rows);
        var (none, l2, dropout) = (rows[0], rows[1], rows[2]);
        string table = string.Join("; ", rows.Select(r => $"{r.Model} {r.TrainAccuracy:P1}/{r.TestAccuracy:P1}"));

        Assert.IsGreaterThanOrEqualTo(0.02 - 1e-9, none.TrainAccuracy - none.TestAccuracy, $"unregularized overfits: {table}");
        Assert.IsGreaterThanOrEqualTo(0.015 - 1e-9, l2.TestAccuracy - none.TestAccuracy, $"L2 improves test: {table}");
        Assert.IsGreaterThanOrEqualTo(0.015 - 1e-9, dropout.TestAccuracy - none.TestAccuracy, $"dropout improves test: {table}");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void Optimization_AdamBeatsGradientDescentAndMomentum()
    {
        var (train, test) = OptimizationExperiment.DefaultData();
        var rows = OptimizationExperiment.Run(train, test);
        Assert.HasCount(3, rows);
        var (gd, momentum, adam) = (rows[0], rows[1], rows[2]);
        string table = string.Join("; ", rows.Select(r => $"{r.Model} {r.TrainAccuracy:P1}/{r.TestAccuracy:P1}"));

        Assert.IsGreaterThanOrEqualTo(0.92 - 1e-9, adam.TrainAccuracy, table);
        Assert.IsGreaterThanOrEqualTo(0.08 - 1e-9, adam.TrainAccuracy - gd.TrainAccuracy, table);
        Assert.IsGreaterThanOrEqualTo(0.08 - 1e-9, adam.TrainAccuracy - momentum.TrainAccuracy, table);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void GradientChecking_CorrectPasses_BrokenComponentFails()
    {
        GradientCheckingResult result = GradientCheckingExperiment.Run(GradientCheckingExperiment.DefaultData());

        Assert.IsTrue(result.Correct.Passed, $"correct network: difference {result.Correct.Difference:E2}");
        Assert.IsFalse(result.Broken.Passed, $"broken network: difference {result.Broken.Difference:E2}");
        Assert.IsTrue(result.Passed);

        // README's table and docs/concepts.md quote the two differences this run prints, to two digits (they said 6.9e-5
        // for the correct network long after it printed 1.10E-004).
        string correct = result.Correct.Difference.ToString("0.0e-0", CultureInfo.InvariantCulture);
        string broken = result.Broken.Difference.ToString("0.0e-0", CultureInfo.InvariantCulture);
        string row = File.ReadAllLines(Path.Combine(RepositoryFiles.Root(), "README.md")).Single(l => l.StartsWith("| `samples/GradientChecking` |", StringComparison.Ordinal));
        StringAssert.Contains(row, $"difference {correct} (passes) vs {broken} (flagged)");
        string concepts = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "docs", "concepts.md")).ReplaceLineEndings(" ");
        StringAssert.Contains(concepts, $"(difference {correct}, passes) and one with a component off by 1% ({broken}, flagged)");
    }
}
