namespace MLNetDeep.Cli.Tests;

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// evaluate, predict, info and report on model zips that plain ML.NET wrote with other trainers (FastTree, SDCA):
/// they work where ML.NET's schema says enough, and say what they cannot show.
/// </summary>
[TestClass]
public sealed class ForeignModelTests
{
    [TestMethod]
    public void A_FastTree_binary_model_is_evaluated_predicted_and_described()
    {
        string dir = TestData.NewFolder("fasttree");
        string data = TestData.Points(dir, rows: 300);
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromTextFile(data, new TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = [new("X1", DataKind.Single, 0), new("X2", DataKind.Single, 1), new("Label", DataKind.Boolean, 2)],
        });
        var pipeline = ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 20, minimumExampleCountPerLeaf: 5));
        string model = Path.Combine(dir, "fasttree.zip");
        ml.Model.Save(pipeline.Fit(view), view.Schema, model);

        CliResult evaluated = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok();
        Assert.IsGreaterThan(0.9, evaluated.Json().GetProperty("metrics").GetProperty("Accuracy").GetDouble());
        Assert.Contains("was not trained by MLNetDeep", evaluated.Error);

        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", data).Ok().Out);
        CollectionAssert.AreEqual(new[] { "X1", "X2", "Label", "PredictedLabel", "Score", "Probability" }, rows[0]);
        Assert.IsTrue(rows.Skip(1).All(r => r[3] is "true" or "false"), "a Boolean label of plain ML.NET is written as it is");

        string text = CliRunner.Run("info", "--model", model).Ok().Out;
        Assert.Contains("Task: binary classifier (read from its output columns)", text);
        Assert.Contains("FastTree", text, "the pipeline's steps");
        Assert.Contains("no network, trainer options or training history to show", text);
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.IsFalse(info.GetProperty("feedForward").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, info.GetProperty("network").ValueKind);

        CliRunner.Run("export", "--model", model, "--out", Path.Combine(dir, "m.onnx")).Fails(1, "was not trained by MLNetDeep", "no network to export");
        string report = Path.Combine(dir, "r.html");
        CliRunner.Run("report", "--model", model, "--data", data, "--out", report).Ok();
        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "confusion-matrix", "decision-boundary" }, Regex.Matches(html, "<svg [^>]*data-chart=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToArray());
        Assert.Contains("so there are no training curves", html);
    }

    [TestMethod]
    public void A_FastTree_regression_model_takes_its_label_from_the_label_flag()
    {
        string dir = TestData.NewFolder("fasttree-reg");
        string data = TestData.OffsetRegression(dir, rows: 300, seed: 3, name: "reg.csv");
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromTextFile(data, new TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = [new("a", DataKind.Single, 0), new("b", DataKind.Single, 1), new("y", DataKind.Single, 2)],
        });
        var pipeline = ml.Transforms.Concatenate("Features", "a", "b")
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: "y", numberOfLeaves: 8, numberOfTrees: 50, minimumExampleCountPerLeaf: 5));
        string model = Path.Combine(dir, "fasttree.zip");
        ml.Model.Save(pipeline.Fit(view), view.Schema, model);

        CliRunner.Run("evaluate", "--model", model, "--data", data).Fails(1, "lacks the column 'Label'", "--label");
        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "y", "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("RSquared").GetDouble(), metrics.ToString());
        string unlabeled = TestData.Write(dir, "new.csv", "a,b\n0.5,-1\n1,2\n");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", unlabeled, "--label", "y").Ok().Out);
        CollectionAssert.AreEqual(new[] { "a", "b", "Score" }, rows[0]);
        Assert.HasCount(3, rows);
    }

    [TestMethod]
    public void An_SDCA_model_without_probabilities_is_evaluated_without_log_loss()
    {
        string dir = TestData.NewFolder("sdca");
        string data = TestData.Points(dir, rows: 200);
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromTextFile(data, new TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = [new("X1", DataKind.Single, 0), new("X2", DataKind.Single, 1), new("Label", DataKind.Boolean, 2)],
        });
        var pipeline = ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.SdcaNonCalibrated());
        string model = Path.Combine(dir, "sdca.zip");
        ml.Model.Save(pipeline.Fit(view), view.Schema, model);

        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("Accuracy").GetDouble());
        Assert.IsFalse(metrics.TryGetProperty("LogLoss", out _), "no Probability column, no log-loss");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", data).Ok().Out);
        CollectionAssert.AreEqual(new[] { "X1", "X2", "Label", "PredictedLabel", "Score" }, rows[0]);
    }

    [TestMethod]
    public void A_model_trained_in_CSharp_with_its_own_label_mapping_is_evaluated_and_described()
    {
        string dir = TestData.NewFolder("csharp");
        string data = TestData.Multiclass(dir);
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromTextFile(data, new TextLoader.Options
        {
            Separators = [','], HasHeader = true, AllowQuoting = true,
            Columns = [new("a", DataKind.Single, 0), new("b", DataKind.Single, 1), new("species", DataKind.String, 2)],
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
            .Append(ml.Transforms.Concatenate("Features", "a", "b"))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new MLNetDeep.Trainers.FeedForwardMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 20, Seed = 1 }));
        string model = Path.Combine(dir, "csharp.zip");
        using (var fitted = pipeline.Fit(view))
        {
            ml.Model.Save(fitted, view.Schema, model);
        }

        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.8, metrics.GetProperty("MicroAccuracy").GetDouble(), "the label 'Label' is made inside the pipeline from 'species'");
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.IsTrue(info.GetProperty("feedForward").GetBoolean());
        Assert.AreEqual(3, info.GetProperty("labelValues").GetArrayLength(), "the classes, from the label's key values");
        Assert.AreEqual(JsonValueKind.Null, info.GetProperty("data").ValueKind, "no run record: not written by the CLI");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", data).Ok().Out);
        double right = rows.Skip(1).Count(r => r[2] == r[3]) / (double)(rows.Length - 1);
        Assert.AreEqual(metrics.GetProperty("MicroAccuracy").GetDouble(), right, 1e-9, "PredictedLabel is the class of the highest score, by name");
    }
}
