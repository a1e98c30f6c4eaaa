namespace MLNetDeep.Samples.Tests;

using System.Text.Json;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Samples.BatchNormalization;
using MLNetDeep.Samples.GradientChecking;
using MLNetDeep.Samples.HyperparameterTuning;
using MLNetDeep.Samples.LearningRateDecay;
using MLNetDeep.Samples.Signs;

/// <summary>The shape of what each sample prints with <c>--json</c>.</summary>
[TestClass]
public sealed class JsonShapeTests
{
    [TestMethod]
    public void InitializationTable_Json_HasRowsWithModelAndAccuracies()
    {
        string json = ConsoleCapture.Run(() => CourseTable.Print("t", [new("Zeros initialization", 0.5, 0.5), new("He initialization", 0.98, 0.96)], ["--json"]));
        AssertRows(json, ["Zeros initialization", "He initialization"], [0.5, 0.98], [0.5, 0.96]);
    }

    [TestMethod]
    public void OptimizationTable_Json_HasRowsWithModelAndAccuracies()
    {
        string json = ConsoleCapture.Run(() => CourseTable.Print("t", [new("Gradient descent", 0.797, 0.8), new("Momentum (beta 0.9)", 0.797, 0.8), new("Adam", 0.94, 0.93)], ["--json"]));
        AssertRows(json, ["Gradient descent", "Momentum (beta 0.9)", "Adam"], [0.797, 0.797, 0.94], [0.8, 0.8, 0.93]);
    }

    [TestMethod]
    public void RegularizationTable_Json_HasRowsWithModelAndAccuracies()
    {
        string json = ConsoleCapture.Run(() => CourseTable.Print("t", [new("No regularization", 0.948, 0.915), new("L2 regularization (lambda 0.7)", 0.938, 0.93), new("Dropout (keep_prob 0.86)", 0.929, 0.95)], ["--json"]));
        AssertRows(json, ["No regularization", "L2 regularization (lambda 0.7)", "Dropout (keep_prob 0.86)"], [0.948, 0.938, 0.929], [0.915, 0.93, 0.95]);
    }

    [TestMethod]
    public void GradientChecking_Json_HasDifferenceBrokenDifferenceAndPassed()
    {
        GradientCheckingResult result = GradientCheckingExperiment.Run(GradientCheckingExperiment.DefaultData());
        string json = ConsoleCapture.Run(() => GradientCheckingExperiment.Print(result, ["--json"]));

        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.AreEqual(JsonValueKind.Object, root.ValueKind);
        Assert.HasCount(3, root.EnumerateObject().ToArray());
        Assert.AreEqual(result.Correct.Difference, root.GetProperty("difference").GetDouble());
        Assert.AreEqual(result.Broken.Difference, root.GetProperty("brokenDifference").GetDouble());
        Assert.AreEqual(result.Passed, root.GetProperty("passed").GetBoolean());
    }

    [TestMethod]
    public void BatchNormalization_Json_IsTheTableOnly()
    {
        BatchNormRun[] runs = [new(new("Without batch norm", 0.913, 0.92), [1.15, 0.89]), new(new("With batch norm", 0.99, 0.987), [0.98, 0.52])];
        string json = ConsoleCapture.Run(() => BatchNormalizationExperiment.Print(runs, new BatchNormalizationSettings(), ["--json"]));
        AssertRows(json, ["Without batch norm", "With batch norm"], [0.913, 0.99], [0.92, 0.987]);
    }

    [TestMethod]
    public void LearningRateDecay_Json_IsTheTableOnly()
    {
        double[] train = [0.9, 0.91, 0.92, 0.93, 0.94];
        DecayRun[] runs = [.. new[] { "a", "b", "c", "d", "e" }.Select((m, i) => new DecayRun(new(m, train[i], 0.8), [0.1, 0.05]))];
        string json = ConsoleCapture.Run(() => LearningRateDecayExperiment.Print(runs, ["--json"]));
        AssertRows(json, ["a", "b", "c", "d", "e"], train, [0.8, 0.8, 0.8, 0.8, 0.8]);
    }

    [TestMethod]
    public void Signs_Json_IsTheTableOnly()
    {
        var result = new SignsResult(new("net", 0.999, 0.815), [new(0, 2.2)], [new(0, "Bag", "Bag", ["@"])], 3000, 10000);
        string json = ConsoleCapture.Run(() => SignsExperiment.Print(result, new SignsSettings(), ["--json"]));
        AssertRows(json, ["net"], [0.999], [0.815]);
    }

    [TestMethod]
    public void HyperparameterTuning_Json_HasDecadesBestBaselineAndPanda()
    {
        var best = new SweepTrialResult
        {
            TrialSettings = new SweepTrialSettings { TrialId = 1, Parameters = new SweepParameters([new("LearningRate", 0.276), new("Momentum", 0.9456)]) },
            Metric = 0.987,
        };
        var result = new TuningResult([1000, 1000, 1000, 1000], [2000, 2000], [best], [], [new UnitRange(0.75, 1), new UnitRange(0, 1)], best, 3.8, 0.693, [], 0.98, 0.08);
        string json = ConsoleCapture.Run(() => HyperparameterTuningExperiment.Print(result, ["--json"]));

        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.HasCount(7, root.EnumerateObject().ToArray());
        CollectionAssert.AreEqual(new[] { 1000, 1000, 1000, 1000 }, root.GetProperty("learningRateDecades").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { 2000, 2000 }, root.GetProperty("oneMinusBetaDecades").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.AreEqual(0.276, root.GetProperty("bestLearningRate").GetDouble());
        Assert.AreEqual(0.9456, root.GetProperty("bestMomentum").GetDouble());
        Assert.AreEqual(0.987, root.GetProperty("bestAccuracy").GetDouble());
        Assert.AreEqual(0.693, root.GetProperty("baselineAccuracy").GetDouble());
        Assert.AreEqual(0.98, root.GetProperty("pandaAccuracy").GetDouble());
    }

    private static void AssertRows(string json, string[] models, double[] train, double[] test)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.HasCount(1, root.EnumerateObject().ToArray());
        JsonElement[] rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.HasCount(models.Length, rows);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.HasCount(3, rows[i].EnumerateObject().ToArray());
            Assert.AreEqual(models[i], rows[i].GetProperty("model").GetString());
            Assert.AreEqual(train[i], rows[i].GetProperty("trainAccuracy").GetDouble());
            Assert.AreEqual(test[i], rows[i].GetProperty("testAccuracy").GetDouble());
        }
    }
}
