namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary><c>mlnetdeep train --initial-model</c>: continuing a model <c>train</c> wrote on new data.</summary>
[TestClass]
public sealed partial class ContinueTests
{
    [TestMethod]
    public void A_model_is_continued_on_new_data_through_its_own_featurization_into_a_new_zip()
    {
        string dir = TestData.NewFolder("continue");
        string first = TestData.Binary(dir);
        string model = Path.Combine(dir, "a.zip"), continued = Path.Combine(dir, "b.zip");
        CliRunner.Run("train", "--data", first, "--label", "y", "--task", "binary", "--model", model, "--hidden", "16", "--epochs", "4",
            "--batch-norm", "false", "--lr", "0.01").Ok();
        byte[] before = File.ReadAllBytes(model);

        // New rows: x1 shifted and only two of the three colours; the model's normalization and one-hot slots apply.
        string second = Shifted(dir, TestData.Binary(dir, rows: 300, seed: 7, name: "second.csv"));
        CliResult run = CliRunner.Run("train", "--initial-model", model, "--data", second, "--model", continued, "--epochs", "10");
        run.Ok();
        CollectionAssert.AreEqual(before, File.ReadAllBytes(model), "the initial model is not touched");
        Assert.Contains($"continuing {model} (4 epochs; model from epoch 4): its label mapping and featurization are reused", run.Error);

        JsonElement info = CliRunner.Run("info", "--model", continued, "--json").Ok().Json();
        Assert.AreEqual("binary", info.GetProperty("task").GetString());
        Assert.AreEqual(model, info.GetProperty("data").GetProperty("initialModel").GetString());
        Assert.AreEqual("16", info.GetProperty("trainerOptions").GetProperty("HiddenLayers").GetString(), "the flags not given are the model's");
        Assert.AreEqual("false", info.GetProperty("trainerOptions").GetProperty("BatchNormalization").GetString());
        Assert.AreEqual("0.01", info.GetProperty("trainerOptions").GetProperty("LearningRate").GetString());
        Assert.AreEqual("10", info.GetProperty("trainerOptions").GetProperty("NumberOfEpochs").GetString(), "a flag given overrides");
        Assert.AreEqual(JsonValueKind.Array, info.GetProperty("featureColumns").ValueKind, "the model's feature plan is recorded again");
        Assert.Contains($"Continued from: {model}", CliRunner.Run("info", "--model", continued).Ok().Out);

        // The network sees the rows as the initial model's featurization makes them: the same feature vectors.
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromTextFile(second, [new("x1", DataKind.Single, 0), new("x2", DataKind.Single, 1), new("color", DataKind.String, 2), new("y", DataKind.String, 3)],
            separatorChar: ',', hasHeader: true);
        CollectionAssert.AreEqual(Features(ml, model, rows), Features(ml, continued, rows));

        // It starts from the model's loss, not a fresh network's.
        string fresh = Path.Combine(dir, "fresh.zip");
        CliResult scratch = CliRunner.Run("train", "--data", second, "--label", "y", "--task", "binary", "--model", fresh, "--hidden", "16", "--epochs", "10",
            "--batch-norm", "false", "--lr", "0.01").Ok();
        Assert.IsLessThan(FirstLoss(scratch.Error) * 0.8, FirstLoss(run.Error), $"{run.Error}\n{scratch.Error}");

        // --model may name the initial model: it is replaced by the continued one.
        CliRunner.Run("train", "--initial-model", continued, "--data", second, "--model", continued, "--epochs", "2").Ok();
        Assert.AreEqual(2, CliRunner.Run("info", "--model", continued, "--json").Ok().Json().GetProperty("history").GetArrayLength());
    }

    /// <summary>An IDX model is continued on IDX data: the label mapping (the digits as classes) and the pixel vector are the model's.</summary>
    [TestMethod]
    public void An_idx_model_is_continued_on_idx_data()
    {
        string dir = TestData.NewFolder("idx-continue");
        string train = TestData.Idx(dir, count: 160, seed: 1, prefix: "train");
        string test = TestData.Idx(dir, count: 40, seed: 2, prefix: "t10k");
        string model = Path.Combine(dir, "a.zip"), continued = Path.Combine(dir, "b.zip");
        JsonElement first = CliRunner.Run("train", "--data", train, "--test", test, "--task", "multiclass", "--model", model,
            "--hidden", "16", "--epochs", "2", "--lr", "0.003", "--batch-size", "32", "--json").Ok().Json();
        CliResult run = CliRunner.Run("train", "--initial-model", model, "--data", train, "--test", test, "--model", continued, "--epochs", "30", "--lr", "0.01", "--json");
        JsonElement second = run.Ok().Json();
        Assert.Contains($"continuing {model} (2 epochs", run.Error);
        double before = first.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), after = second.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble();
        Assert.IsGreaterThan(0.9, after, $"continued: {after}, first: {before}");

        JsonElement info = CliRunner.Run("info", "--model", continued, "--json").Ok().Json();
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3" }, info.GetProperty("labelValues").EnumerateArray().Select(v => v.GetString()).ToArray());
        Assert.AreEqual("multiclass", info.GetProperty("task").GetString());
        Assert.AreEqual("16", info.GetProperty("trainerOptions").GetProperty("HiddenLayers").GetString());
        Assert.AreEqual(model, info.GetProperty("data").GetProperty("initialModel").GetString());
        JsonElement eval = CliRunner.Run("evaluate", "--model", continued, "--data", test, "--json").Ok().Json();
        Assert.AreEqual(after, eval.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), 1e-12);
    }

    /// <summary>
    /// The babysitting loop: train, continue at a lower --lr, continue again. info (text and --json) shows both earlier
    /// runs with their learning rates, and both train --report and report draw all 9 epochs on one axis with a marker
    /// where each continuation began; the progress and this run's history still count this run's epochs.
    /// </summary>
    [TestMethod]
    public void A_model_continued_twice_shows_every_run_in_info_and_on_one_epoch_axis_in_its_reports()
    {
        string dir = TestData.NewFolder("watched");
        string data = TestData.Binary(dir);
        string a = Path.Combine(dir, "a.zip"), b = Path.Combine(dir, "b.zip"), c = Path.Combine(dir, "c.zip");
        string trainReport = Path.Combine(dir, "train.html"), report = Path.Combine(dir, "report.html");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", a, "--hidden", "8", "--epochs", "3", "--lr", "0.01").Ok();
        JsonElement second = CliRunner.Run("train", "--initial-model", a, "--data", data, "--model", b, "--epochs", "2", "--lr", "0.003", "--json").Ok().Json();
        Assert.AreEqual(2, second.GetProperty("epochs").GetInt32());
        Assert.AreEqual(3, second.GetProperty("earlierEpochs").GetInt32(), "train --json of a continued model says how many epochs came before its run");
        CliResult run = CliRunner.Run("train", "--initial-model", b, "--data", data, "--model", c, "--epochs", "4", "--lr", "0.001", "--report", trainReport).Ok();
        Assert.Contains($"continuing {b} (2 epochs; model from epoch 2; it was continued after 3 earlier epochs in 1 earlier run, 5 in all)", run.Error);
        Assert.Contains("epoch 4/4:", run.Error, "the progress counts this run's epochs");

        string text = CliRunner.Run("info", "--model", c).Ok().Out;
        Assert.Contains(" s): 4 epochs; model from epoch 4\n", text.ReplaceLineEndings("\n"), "History (N s): this run's epochs");
        Assert.Contains("  continued after 5 earlier epochs in 2 earlier runs, 9 in all (this run: epochs 6-9 on that axis)", text);
        Assert.Contains("  earlier run: epochs 1-3 (the next run started from epoch 3's weights); LearningRate 0.01, NumberOfEpochs 3", text);
        Assert.Contains("  earlier run: epochs 4-5 (the next run started from epoch 5's weights); LearningRate 0.003, NumberOfEpochs 2", text);
        Assert.DoesNotContain("continued after", CliRunner.Run("info", "--model", a).Ok().Out, "a fresh model has no earlier runs");

        JsonElement info = CliRunner.Run("info", "--model", c, "--json").Ok().Json();
        Assert.AreEqual(4, info.GetProperty("epochs").GetInt32());
        Assert.AreEqual(4, info.GetProperty("history").GetArrayLength());
        Assert.AreEqual(5, info.GetProperty("earlierEpochs").GetInt32());
        JsonElement[] runs = [.. info.GetProperty("earlierRuns").EnumerateArray()];
        Assert.HasCount(2, runs);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, runs[0].GetProperty("history").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { 4, 5 }, runs[1].GetProperty("history").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray());
        Assert.AreEqual("0.01", runs[0].GetProperty("changedOptions").GetProperty("LearningRate").GetString());
        Assert.AreEqual("0.003", runs[1].GetProperty("changedOptions").GetProperty("LearningRate").GetString());
        Assert.AreEqual(5, runs[1].GetProperty("modelEpoch").GetInt32());
        Assert.AreEqual(0, CliRunner.Run("info", "--model", a, "--json").Ok().Json().GetProperty("earlierRuns").GetArrayLength());

        CliRunner.Run("report", "--model", c, "--data", data, "--out", report).Ok();
        foreach (string html in new[] { trainReport, report }.Select(File.ReadAllText))
        {
            Assert.AreEqual("9", Regex.Match(html, "data-series=\"training loss\" data-points=\"(\\d+)\"").Groups[1].Value, "every run's epochs in the loss chart");
            string[] markers = [.. Regex.Matches(html, "<g class=\"x-marker\" data-x=\"(\\d+)\" data-label=\"([^\"]*)\"").Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")];
            CollectionAssert.AreEqual(new[] { "4 lr 0.003", "6 lr 0.001", "4 lr 0.003", "6 lr 0.001", "4 lr 0.003", "6 lr 0.001" }, markers, "in the loss, metric and learning-rate charts");
            Assert.Contains("Continued after 5 earlier epochs in 2 earlier runs, 9 in all", html);
            Assert.Contains("4 epochs; model from epoch 4; loss binary-cross-entropy", html, "this run's epochs, as info describes them");
            Assert.Contains("(epochs 6-9, the model from epoch 9) on one epoch axis", html, "where this run and the model's weights are on the charts' axis");
        }
    }

    /// <summary>
    /// A continuation that turns on early stopping and class weights: info's earlier run shows what the first run left
    /// unset as "(unset)" (before: "ClassWeights , EarlyStoppingPatience ,"), and --json has it null, as trainerOptions
    /// has an unset option (before: ""); the resolved class weights read "no: 1, yes: 3".
    /// </summary>
    [TestMethod]
    public void An_earlier_runs_unset_options_read_as_unset_in_info_and_null_in_its_json()
    {
        string dir = TestData.NewFolder("continue-unset");
        string data = TestData.Binary(dir);
        string a = Path.Combine(dir, "a.zip"), b = Path.Combine(dir, "b.zip");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", a, "--hidden", "8", "--epochs", "3").Ok();
        CliRunner.Run("train", "--initial-model", a, "--data", data, "--model", b, "--epochs", "3", "--early-stopping", "2", "--validation-fraction", "0.2", "--class-weight", "1,3").Ok();

        string text = CliRunner.Run("info", "--model", b).Ok().Out;
        Assert.Contains("; ClassWeights (unset), EarlyStoppingPatience (unset), ValidationFraction 0\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("  ClassWeights resolved    no: 1, yes: 3", text);
        JsonElement json = CliRunner.Run("info", "--model", b, "--json").Ok().Json();
        JsonElement changed = json.GetProperty("earlierRuns")[0].GetProperty("changedOptions");
        Assert.AreEqual(JsonValueKind.Null, changed.GetProperty("EarlyStoppingPatience").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, changed.GetProperty("ClassWeights").ValueKind);
        Assert.AreEqual("0", changed.GetProperty("ValidationFraction").GetString());
        Assert.AreEqual(JsonValueKind.Null, json.GetProperty("trainerOptions").GetProperty("GradientClipNorm").ValueKind, "as an unset option of this run");
    }

    /// <summary>
    /// A model trained with --class-weight balanced and continued with 1,3: info, info --json and both reports say
    /// what the earlier run resolved balanced to (before: only "ClassWeights balanced", as the user wrote it).
    /// </summary>
    [TestMethod]
    public void An_earlier_runs_resolved_class_weights_are_in_info_its_json_and_the_reports()
    {
        string dir = TestData.NewFolder("continue-weights");
        string data = TestData.Binary(dir);
        string a = Path.Combine(dir, "a.zip"), b = Path.Combine(dir, "b.zip"), trainReport = Path.Combine(dir, "train.html"), report = Path.Combine(dir, "report.html");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", a, "--hidden", "8", "--epochs", "2", "--class-weight", "balanced").Ok();
        CliRunner.Run("train", "--initial-model", a, "--data", data, "--model", b, "--epochs", "2", "--class-weight", "1,3", "--report", trainReport).Ok();
        CliRunner.Run("report", "--model", b, "--data", data, "--out", report).Ok();

        JsonElement resolved = CliRunner.Run("info", "--model", a, "--json").Ok().Json().GetProperty("classWeights");
        string weights = $"no: {resolved.GetProperty("no").GetSingle().ToString(CultureInfo.InvariantCulture)}, yes: {resolved.GetProperty("yes").GetSingle().ToString(CultureInfo.InvariantCulture)}";
        Assert.AreNotEqual("no: 1, yes: 1", weights);
        Assert.Contains($"; ClassWeights balanced; ClassWeights resolved {weights}", CliRunner.Run("info", "--model", b).Ok().Out);
        JsonElement run = CliRunner.Run("info", "--model", b, "--json").Ok().Json().GetProperty("earlierRuns")[0];
        Assert.AreEqual(resolved.GetRawText(), run.GetProperty("classWeights").GetRawText());
        string recorded = $"false: {resolved.GetProperty("no").GetSingle().ToString(CultureInfo.InvariantCulture)}, true: {resolved.GetProperty("yes").GetSingle().ToString(CultureInfo.InvariantCulture)}";
        foreach (string html in new[] { trainReport, report }.Select(File.ReadAllText))
        {
            Assert.Contains($"Epochs 1-2 trained with class weights (resolved) {recorded}.", html);
        }
    }

    [TestMethod]
    public void Flags_and_data_that_contradict_the_initial_model_are_refused_naming_both()
    {
        string dir = TestData.NewFolder("continue-refused");
        string data = TestData.Multiclass(dir);
        string model = Path.Combine(dir, "m.zip"), output = Path.Combine(dir, "out.zip");
        CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", model, "--hidden", "8", "--epochs", "2").Ok();
        CliResult Continue(params string[] flags) => CliRunner.Run(["train", "--initial-model", model, "--data", data, "--model", output, .. flags]);

        Continue("--task", "binary").Fails(2, $"--task binary: the initial model {model} is a multiclass model.");
        Continue("--label", "a").Fails(2, $"--label a: the initial model {model} was trained on the label 'species'.");
        Continue("--hidden", "16,16").Fails(2, $"--hidden 16,16: the initial model {model} has --hidden 8; it decides the network's architecture.");
        Continue("--batch-norm", "false").Fails(2, "--batch-norm false: the initial model", "has --batch-norm true");
        Continue("--categorical", "a").Fails(2, "--categorical cannot be used with --initial-model: the model's featurization (its columns, categories and normalization) is reused.");
        Continue("--no-normalize").Fails(2, "--no-normalize cannot be used with --initial-model");
        Continue("--report", model).Fails(2, "--report");
        CliRunner.Run("train", "--data", data, "--label", "species", "--model", output).Fails(2, "--task is required (binary, multiclass or regression) unless --initial-model gives it.");
        CliRunner.Run("train", "--initial-model", Path.Combine(dir, "none.zip"), "--data", data, "--model", output).Fails(1, "none.zip' does not exist");

        // New data with a class the model does not have, or without a column it reads.
        string unseen = TestData.Write(dir, "unseen.csv", File.ReadAllText(data) + "1,2,\"iris, nova\"\n");
        CliRunner.Run("train", "--initial-model", model, "--data", unseen, "--model", output).Fails(1, "unseen.csv", "iris, nova");
        string narrow = TestData.Write(dir, "narrow.csv", "a,species\n1,\"iris, setosa\"\n");
        CliRunner.Run("train", "--initial-model", model, "--data", narrow, "--model", output).Fails(1, "narrow.csv lacks the column 'b'");
        Assert.IsFalse(File.Exists(output), "nothing is written");
    }

    /// <summary>The same file with x1 shifted by 5 (half its standard deviation) and every blue row dropped.</summary>
    private static string Shifted(string dir, string path)
    {
        var sb = new StringBuilder();
        string[] lines = File.ReadAllLines(path);
        sb.Append(lines[0]).Append('\n');
        foreach (string[] f in lines.Skip(1).Select(l => l.Split(',')).Where(f => f[2] != "blue"))
        {
            f[0] = (double.Parse(f[0], CultureInfo.InvariantCulture) + 5).ToString(CultureInfo.InvariantCulture);
            sb.Append(string.Join(',', f)).Append('\n');
        }

        return TestData.Write(dir, "shifted.csv", sb.ToString());
    }

    private static float[] Features(MLContext ml, string model, IDataView rows)
    {
        ITransformer loaded = ml.Model.Load(model, out _);
        try
        {
            return [.. ml.Data.CreateEnumerable<FeatureRow>(loaded.Transform(rows), reuseRowObject: false).SelectMany(r => r.Features)];
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    private static double FirstLoss(string stderr) => double.Parse(FirstEpoch().Match(stderr).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"epoch 1/\d+: loss ([0-9.Ee+-]+)")]
    private static partial Regex FirstEpoch();

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
