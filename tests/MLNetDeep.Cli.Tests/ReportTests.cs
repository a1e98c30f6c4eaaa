namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;

/// <summary><c>train --report</c>, <c>tune --report</c> and <c>mlnetdeep report</c>: the HTML written and its charts.</summary>
[TestClass]
public sealed class ReportTests
{
    private const string TinySpace = """
        {"parameters": [
          {"name": "LearningRate", "type": "float", "min": 0.003, "max": 0.1, "init": 0.01, "scale": "Log"},
          {"name": "HiddenUnits1", "type": "int", "min": 4, "max": 16, "init": 8, "scale": "PowerOfTwo"},
          {"name": "Optimizer", "type": "choice", "values": ["Momentum", "Adam"], "default": 1}
        ]}
        """;

    [TestMethod]
    public void Train_report_has_curves_evaluation_boundary_options_and_data()
    {
        string dir = TestData.NewFolder("report-train");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip"), report = Path.Combine(dir, "r.html");
        CliResult run = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--model", model,
            "--test-fraction", "0.25", "--validation-fraction", "0.2", "--epochs", "6", "--hidden", "4", "--lr-decay", "step:2:0.5", "--json", "--report", report).Ok();
        run.Json(); // --json still prints only the JSON object on stdout
        Assert.Contains($"report written to {report}", run.Error);

        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "loss", "metric", "learning-rate", "confusion-matrix", "decision-boundary" }, Charts(html));
        Assert.AreEqual(6, Points(html, "training loss"));
        Assert.AreEqual(6, Points(html, "validation loss"));
        Assert.AreEqual(6, Points(html, "training accuracy"));
        Assert.AreEqual(6, Points(html, "schedule step:2:0.5"));
        Assert.AreEqual(6, Points(html, "used"));
        Assert.AreEqual(50, Points(html, "no") + Points(html, "yes"), "the 50 held-out rows on the decision boundary");
        Assert.AreEqual(4, Regex.Matches(html, "<g class=\"cell\"").Count, "a 2 x 2 confusion matrix");
        Assert.Contains("data-actual=\"yes\" data-predicted=\"yes\"", html, "class names from the label, not indices");
        Assert.Contains("<table class=\"options\">", html);
        Assert.Contains("<td>LearningRateSchedule</td><td>step:2:0.5</td>", html);
        Assert.Contains("<td>EarlyStoppingPatience</td><td>(unset)</td>", html, "an unset option as info says it (before: null)");
        Assert.Contains("<table class=\"label-distribution\">", html);
        Assert.Contains("<table class=\"model-info\">", html);
        Assert.Contains("<td>features</td><td>x1, x2</td>", html);
        Match rows = Regex.Match(html, @"<td>training data</td><td>[^<]*\((\d+) rows: (\d+) to train, (\d+) held out for validation\)</td>");
        Assert.IsTrue(rows.Success, "the training file's rows, and how many --validation-fraction held out of them");
        int[] n = [.. rows.Groups.Values.Skip(1).Select(g => int.Parse(g.Value, CultureInfo.InvariantCulture))];
        Assert.AreEqual(n[0], n[1] + n[2]);
        Assert.AreEqual(Math.Round(0.2 * n[0]), n[2], 1, "a fifth held out");
        Assert.DoesNotContain("<script", html);
        Assert.IsEmpty(Directory.GetFiles(dir, "*.tmp"), "no temporary file left");
    }

    [TestMethod]
    public void Multiclass_report_escapes_class_names_and_three_features_have_no_boundary()
    {
        string dir = TestData.NewFolder("report-multi");
        string data = TestData.Multiclass(dir);
        string report = Path.Combine(dir, "r.html");
        CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", Path.Combine(dir, "m.zip"),
            "--epochs", "5", "--hidden", "8", "--report", report).Ok();
        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "loss", "metric", "learning-rate", "confusion-matrix", "decision-boundary" }, Charts(html));
        Assert.AreEqual(9, Regex.Matches(html, "<g class=\"cell\"").Count);
        Assert.Contains("data-actual=\"iris, setosa\"", html);
        Assert.AreEqual(240, Points(html, "iris, setosa") + Points(html, "iris, versicolor") + Points(html, "iris, virginica"));

        string binary = TestData.Binary(dir);
        string report3 = Path.Combine(dir, "r3.html");
        CliRunner.Run("train", "--data", binary, "--label", "y", "--task", "binary", "--features", "x1,x2,color", "--model", Path.Combine(dir, "b.zip"),
            "--epochs", "3", "--report", report3).Ok();
        CollectionAssert.AreEqual(new[] { "loss", "metric", "learning-rate", "confusion-matrix" }, Charts(File.ReadAllText(report3)), "x1, x2 and one-hot colour: no plane to draw");
    }

    [TestMethod]
    public void Regression_report_has_curves_but_no_classifier_charts()
    {
        string dir = TestData.NewFolder("report-reg");
        string data = TestData.Regression(dir);
        string report = Path.Combine(dir, "r.html");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "regression", "--model", Path.Combine(dir, "m.zip"), "--epochs", "4", "--report", report).Ok();
        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "loss", "metric", "learning-rate" }, Charts(html));
        Assert.AreEqual(4, Points(html, "training mse"));
        Assert.Contains("<td>RSquared</td>", html);
        Assert.DoesNotContain("label-distribution", html);
    }

    [TestMethod]
    public void Tune_report_has_the_sweep_charts_ranking_and_best_trial()
    {
        string dir = TestData.NewFolder("report-tune");
        string data = TestData.Binary(dir);
        string space = TestData.Write(dir, "space.json", TinySpace);
        string report = Path.Combine(dir, "t.html");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random",
            "--trials", "4", "--model", Path.Combine(dir, "best.zip"), "--report", report).Ok();
        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "optimization-history", "parallel-coordinates", "parameter", "parameter", "parameter", "loss", "metric", "learning-rate" }, Charts(html));
        Assert.AreEqual(4, Points(html, "trial"));
        Assert.AreEqual(4, Regex.Matches(html, "<path class=\"trial").Count, "a parallel-coordinates line per trial");
        Assert.AreEqual(1, Regex.Matches(html, "<path class=\"trial best\"").Count);
        Assert.MatchesRegex(new Regex("data-parameter=\"LearningRate\"[^>]*>(?:(?!</svg>).)*?<g class=\"axis x-axis\" data-scale=\"log\"", RegexOptions.Singleline), html, "a log-scaled parameter gets a log axis");
        Assert.MatchesRegex(new Regex("data-parameter=\"Optimizer\"[^>]*>(?:(?!</svg>).)*?<g class=\"axis x-axis\" data-scale=\"category\"", RegexOptions.Singleline), html);
        Match ranking = Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline);
        Assert.IsTrue(ranking.Success);
        Assert.AreEqual(4, Regex.Matches(ranking.Value, "<tr><td class=\"num\">").Count, "one row per completed trial");
        Assert.Contains("<table class=\"best-parameters\">", html);
        Assert.Contains("<table class=\"importance\">", html);

        // The report of the tuned model, later: it says which study and trial the model came from, as info does.
        string later = Path.Combine(dir, "r.html");
        CliRunner.Run("report", "--model", Path.Combine(dir, "best.zip"), "--data", data, "--out", later).Ok();
        Assert.MatchesRegex(new Regex(@"<td>tuned</td><td>study &#39;default&#39;, trial \d \(Accuracy [0-9.]+ on the validation rows; tuner random\)</td>"), File.ReadAllText(later));
    }

    [TestMethod]
    public void Report_command_evaluates_a_saved_model_with_its_training_history()
    {
        string dir = TestData.NewFolder("report-cmd");
        string data = TestData.Binary(dir);
        string test = TestData.Binary(dir, rows: 60, seed: 9, name: "test.csv");
        string model = Path.Combine(dir, "m.zip"), report = Path.Combine(dir, "r.html");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--model", model, "--epochs", "7").Ok();
        File.WriteAllText(report, "old");

        CliResult run = CliRunner.Run("report", "--model", model, "--data", test, "--out", report).Ok();
        Assert.Contains($"written to {report}", run.Out);
        string html = File.ReadAllText(report);
        CollectionAssert.AreEqual(new[] { "confusion-matrix", "decision-boundary", "loss", "metric", "learning-rate" }, Charts(html));
        Assert.AreEqual(7, Points(html, "training loss"), "the history kept in the model file");
        Assert.AreEqual(60, Points(html, "no") + Points(html, "yes"));
        Assert.Contains("<td>Accuracy</td>", html);
        Assert.Contains("<td>file</td><td>" + model + "</td>", html);
        Assert.IsEmpty(Directory.GetFiles(dir, "*.tmp"));
    }

    [TestMethod]
    public void Bad_report_paths_are_usage_errors_before_any_work()
    {
        string dir = TestData.NewFolder("report-errors");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        string missing = Path.Combine(dir, "no-such-folder", "r.html");

        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2", "--report", missing)
            .Fails(2, "--report", "the folder does not exist");
        Assert.IsFalse(File.Exists(model), "checked before training");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2", "--report", model)
            .Fails(2, "--report", "the same file as an input or another output");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2", "--report", data)
            .Fails(2, "--report", "the same file as an input");
        Assert.IsTrue(File.ReadAllText(data).StartsWith("x1,x2,color,y", StringComparison.Ordinal), "the data file is untouched");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "1", "--report", dir)
            .Fails(2, "--report", "is a folder");

        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();
        CliRunner.Run("report", "--model", model, "--data", data, "--out", missing).Fails(2, "--out", "the folder does not exist");
        CliRunner.Run("report", "--model", model, "--data", data, "--out", model).Fails(2, "--out", "the same file as an input or another output");
        CliRunner.Run("report", "--model", model, "--data", data, "--out", data).Fails(2, "--out", "the same file as an input");
        CliRunner.Run("report", "--model", Path.Combine(dir, "nope.zip"), "--data", data, "--out", Path.Combine(dir, "r.html")).Fails(1, "does not exist");
        CliRunner.Run("report", "--model", model, "--out", Path.Combine(dir, "r.html")).Fails(2, "--data");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "r.html")));
    }

    [TestMethod]
    public void A_model_without_history_gets_a_note_instead_of_curves()
    {
        // A pipeline without MLNetDeep's trainer has no training record.
        var ml = new Microsoft.ML.MLContext(seed: 1);
        string dir = TestData.NewFolder("report-nohistory");
        Microsoft.ML.IDataView data = ml.Data.LoadFromTextFile(TestData.Points(dir, rows: 10), new Microsoft.ML.Data.TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = [new("X1", Microsoft.ML.Data.DataKind.Single, 0), new("X2", Microsoft.ML.Data.DataKind.Single, 1)],
        });
        Microsoft.ML.ITransformer model = ml.Transforms.Concatenate("Features", "X1", "X2").Fit(data);
        var report = new MLNetDeep.Reporting.Html.HtmlReport("r");
        MLNetDeep.Cli.Output.CliReport.AddTraining(report, ml, model, data.Schema);
        string html = report.ToString();
        Assert.Contains("so there are no training curves", html);
        Assert.IsEmpty(Charts(html));
    }

    private static string[] Charts(string html) => Regex.Matches(html, "<svg [^>]*data-chart=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToArray();

    private static int Points(string html, string series)
    {
        MatchCollection found = Regex.Matches(html, $"data-series=\"{Regex.Escape(series)}\" data-points=\"(\\d+)\"");
        Assert.HasCount(1, found, $"series '{series}'");
        return int.Parse(found[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
