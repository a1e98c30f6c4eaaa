namespace MLNetDeep.Samples.Tests;

using System.Text.Json;
using MLNetDeep.Samples.GradientChecking;

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
