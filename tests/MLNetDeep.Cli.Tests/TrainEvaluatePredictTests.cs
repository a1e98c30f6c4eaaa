namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

[TestClass]
public sealed class TrainEvaluatePredictTests
{
    [TestMethod]
    public void Binary_text_labels_train_evaluate_predict_info()
    {
        string dir = TestData.NewFolder("binary");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");

        CliResult train = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model,
            "--features", "x1,x2,color", "--hidden", "16", "--epochs", "40", "--lr", "0.01", "--test-fraction", "0.25", "--json").Ok();
        JsonElement json = train.Json();
        CollectionAssert.AreEqual(new[] { "task", "metrics", "trainSeconds", "epochs", "modelEpoch", "options" }, json.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("16", json.GetProperty("options").GetProperty("HiddenLayers").GetString(), "the effective options, as the knobs write them");
        Assert.AreEqual("0.2", json.GetProperty("options").GetProperty("DropoutRate").GetString());
        Assert.AreEqual("binary", json.GetProperty("task").GetString());
        Assert.AreEqual(40, json.GetProperty("epochs").GetInt32());
        Assert.IsGreaterThan(0.0, json.GetProperty("trainSeconds").GetDouble());
        JsonElement metrics = json.GetProperty("metrics");
        foreach (string name in new[] { "Accuracy", "AreaUnderRocCurve", "AreaUnderPrecisionRecallCurve", "F1Score", "PositivePrecision", "PositiveRecall", "NegativePrecision", "NegativeRecall", "LogLoss", "LogLossReduction", "Entropy" })
        {
            Assert.AreEqual(JsonValueKind.Number, metrics.GetProperty(name).ValueKind, name);
        }

        Assert.IsGreaterThan(0.85, metrics.GetProperty("Accuracy").GetDouble());
        Assert.Contains("epoch 40/40", train.Error, "plain progress lines on a redirected stderr");
        Assert.Contains("positive class 'yes'", train.Error);

        JsonElement eval = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok().Json();
        CollectionAssert.AreEqual(new[] { "task", "metrics" }, eval.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.IsGreaterThan(0.85, eval.GetProperty("metrics").GetProperty("Accuracy").GetDouble());

        string unlabeled = TestData.Binary(dir, rows: 30, seed: 9, name: "new.csv", withLabel: false);
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", unlabeled).Ok().Out);
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "PredictedLabel", "Score", "Probability" }, rows[0]);
        Assert.HasCount(31, rows);
        string[] input = File.ReadAllLines(unlabeled);
        for (int i = 1; i < rows.Length; i++)
        {
            Assert.AreEqual(input[i], string.Join(",", rows[i][..3]), "input columns are echoed as read");
            Assert.Contains(rows[i][3], new[] { "yes", "no" });
            float score = float.Parse(rows[i][4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.AreEqual(score > 0 ? "yes" : "no", rows[i][3]);
        }

        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.AreEqual("yes", info.GetProperty("positiveLabel").GetString());
        CollectionAssert.AreEqual(new[] { "no", "yes" }, info.GetProperty("labelValues").EnumerateArray().Select(v => v.GetString()).ToArray());
        CollectionAssert.AreEqual(new[]
            {
                "ValueToKeyMappingTransformer", "ValueMappingTransformer", // the label: yes/no -> Boolean (and its key of classes)
                "ColumnConcatenatingTransformer", "MissingValueReplacingTransformer", "NormalizingTransformer", // x1, x2
                "ValueToKeyMappingTransformer", "KeyToVectorMappingTransformer", // color: ML.NET's one-hot encoding is these two
                "ColumnConcatenatingTransformer", "ColumnSelectingTransformer", // Features, the intermediate columns dropped
                "OnnxTransformer", "CustomMappingTransformer<BinaryInput, BinaryOutput>", // the network and its output columns
            },
            info.GetProperty("pipeline").EnumerateArray().Select(v => v.GetString()).ToArray(), string.Join(", ", info.GetProperty("pipeline").EnumerateArray()));
        Assert.AreEqual("16", info.GetProperty("trainerOptionsGiven").GetProperty("--hidden").GetString());
        Assert.AreEqual(50, info.GetProperty("data").GetProperty("testRows").GetInt32(), "round(200 * 0.25) test rows");
        Assert.AreEqual(150, info.GetProperty("data").GetProperty("trainRows").GetInt32());
        Assert.AreEqual(40, info.GetProperty("history").GetArrayLength());
        Assert.AreEqual(JsonValueKind.Object, info.GetProperty("testMetrics").ValueKind);

        string text = CliRunner.Run("info", "--model", model).Ok().Out;
        Assert.Contains("positive class 'yes'", text);
        Assert.Contains("Pipeline: ValueToKeyMappingTransformer -> ValueMappingTransformer -> ColumnConcatenatingTransformer", text);

        // A normal ML.NET model zip: ML.NET's own loader opens it and scores the same as predict.
        var ml = new Microsoft.ML.MLContext(seed: 1);
        Microsoft.ML.ITransformer loaded = ml.Model.Load(model, out Microsoft.ML.DataViewSchema schema);
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "y" }, schema.Select(c => c.Name).ToArray());
        (loaded as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void Train_and_info_say_which_epoch_the_model_is_from_and_the_best_epoch_only_when_it_means_something()
    {
        string dir = TestData.NewFolder("epochs");
        string data = TestData.Binary(dir);
        (string Train, string Info, JsonElement Json) Run(string name, params string[] flags)
        {
            string model = Path.Combine(dir, name);
            string train = CliRunner.Run(["train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--hidden", "8", .. flags]).Ok().Out;
            return (train, CliRunner.Run("info", "--model", model).Ok().Out, CliRunner.Run("info", "--model", model, "--json").Ok().Json());
        }

        // Plain training: the saved model is the last epoch's; the lowest training loss's epoch is not worth a word.
        var plain = Run("plain.zip", "--epochs", "12", "--lr", "0.5");
        Assert.Contains("(12 epochs; model from epoch 12); model saved to", plain.Train);
        Assert.Contains("s): 12 epochs; model from epoch 12\n", plain.Info.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("best", plain.Train + plain.Info);
        Assert.AreEqual(12, plain.Json.GetProperty("modelEpoch").GetInt32());

        // Validation without early stopping: still the last epoch's model, and the lowest validation loss's epoch named.
        var validated = Run("validated.zip", "--epochs", "30", "--lr", "0.5", "--validation-fraction", "0.3");
        int best = validated.Json.GetProperty("bestEpoch").GetInt32();
        Assert.AreEqual(30, validated.Json.GetProperty("modelEpoch").GetInt32());
        Assert.Contains(best == 30 ? "model from epoch 30, the lowest validation loss" : $"model from epoch 30; lowest validation loss at epoch {best}", validated.Train);
        Match rows = Regex.Match(validated.Train, @"on (\d+) rows \((\d+) to train, (\d+) held out for validation\) in ");
        Assert.IsTrue(rows.Success, $"the rows --validation-fraction held out are not said to be trained on: {validated.Train}");
        Assert.AreEqual(int.Parse(rows.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(rows.Groups[2].Value, CultureInfo.InvariantCulture) + int.Parse(rows.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.DoesNotContain("held out", plain.Train);

        // Early stopping restores the best epoch's weights: the model is that epoch's.
        var stopped = Run("stopped.zip", "--epochs", "200", "--lr", "0.5", "--validation-fraction", "0.3", "--early-stopping", "3");
        best = stopped.Json.GetProperty("bestEpoch").GetInt32();
        Assert.AreEqual(best, stopped.Json.GetProperty("modelEpoch").GetInt32());
        Assert.Contains($"; model from epoch {best}, the lowest validation loss", stopped.Info);
    }

    /// <summary>
    /// A small learning rate reads as Python writes it in the progress line ("lr 2.739e-05"; before "lr 2.739E-05"),
    /// and info --json's history has the rate without float noise (before 2.7390000742161646E-05).
    /// </summary>
    [TestMethod]
    public void A_learning_rate_reads_as_python_writes_it_and_its_json_has_no_float_noise()
    {
        string dir = TestData.NewFolder("lr-format");
        string data = TestData.Binary(dir), model = Path.Combine(dir, "m.zip");
        CliResult train = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--hidden", "4", "--epochs", "2", "--lr", "0.00002739").Ok();
        Assert.Contains(", lr 2.739e-05, ", train.Error);
        JsonElement first = CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("history")[0];
        Assert.AreEqual(2.739e-05, first.GetProperty("learningRate").GetDouble(), "the double of the float's shortest text");
    }

    [TestMethod]
    public void Multiclass_text_labels_are_sorted_keys_and_predictions_map_back()
    {
        string dir = TestData.NewFolder("multi");
        string data = TestData.Multiclass(dir);
        string model = Path.Combine(dir, "m.zip");
        CliResult train = CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", model,
            "--hidden", "16", "--epochs", "30", "--lr", "0.01", "--batch-size", "32", "--json").Ok();
        JsonElement json = train.Json();
        Assert.AreEqual("multiclass", json.GetProperty("task").GetString());
        Assert.IsGreaterThan(0.9, json.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble());
        Assert.IsTrue(json.GetProperty("metrics").TryGetProperty("MacroAccuracy", out _));
        Assert.IsTrue(json.GetProperty("metrics").TryGetProperty("LogLoss", out _));

        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        CollectionAssert.AreEqual(new[] { "iris, setosa", "iris, versicolor", "iris, virginica" }, info.GetProperty("labelValues").EnumerateArray().Select(v => v.GetString()).ToArray());

        string unlabeled = TestData.Multiclass(dir, rows: 12, seed: 7, name: "new.csv", withLabel: false);
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", unlabeled).Ok().Out);
        CollectionAssert.AreEqual(new[] { "a", "b", "PredictedLabel", "Score.iris, setosa", "Score.iris, versicolor", "Score.iris, virginica" }, rows[0]);
        string[] truth = ["iris, virginica", "iris, setosa", "iris, versicolor"];
        int right = 0;
        for (int i = 1; i < rows.Length; i++)
        {
            float[] p = rows[i][3..].Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.AreEqual(1.0, p.Sum(), 1e-5);
            Assert.AreEqual(rows[0][3 + Array.IndexOf(p, p.Max())], "Score." + rows[i][2]);
            right += rows[i][2] == truth[(i - 1) % 3] ? 1 : 0;
        }

        Assert.IsGreaterThanOrEqualTo(10, right);
        JsonElement eval = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok().Json();
        Assert.AreEqual(json.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), eval.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), 1e-12,
            "evaluate applies the same label mapping and pipeline as train");
    }

    [TestMethod]
    public void Regression_with_a_test_file_and_tab_separated_data()
    {
        string dir = TestData.NewFolder("reg");
        string data = TestData.Regression(dir);
        string test = TestData.Regression(dir, rows: 60, seed: 30, name: "test.tsv");
        string model = Path.Combine(dir, "m.zip");
        JsonElement json = CliRunner.Run("train", "--data", data, "--test", test, "--label", "y", "--task", "regression", "--model", model,
            "--hidden", "none", "--epochs", "60", "--lr", "0.05", "--batch-size", "16", "--json").Ok().Json();
        JsonElement metrics = json.GetProperty("metrics");
        foreach (string name in new[] { "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "LossFunction", "RSquared" })
        {
            Assert.AreEqual(JsonValueKind.Number, metrics.GetProperty(name).ValueKind, name);
        }

        Assert.IsGreaterThan(0.95, metrics.GetProperty("RSquared").GetDouble());
        JsonElement eval = CliRunner.Run("evaluate", "--model", model, "--data", test, "--json").Ok().Json();
        Assert.AreEqual(metrics.GetProperty("RSquared").GetDouble(), eval.GetProperty("metrics").GetProperty("RSquared").GetDouble(), 1e-12, "the JSON metrics of train are the test metrics");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", test).Ok().Out);
        CollectionAssert.AreEqual(new[] { "a", "b", "y", "Score" }, rows[0], "stdout is comma-separated whatever the input's separator");
        Assert.HasCount(61, rows);
    }

    [TestMethod]
    public void No_normalize_leaves_the_normalizer_out_and_every_column_is_a_feature_by_default()
    {
        string dir = TestData.NewFolder("nonorm");
        string data = TestData.Binary(dir);
        string with = Path.Combine(dir, "with.zip");
        string without = Path.Combine(dir, "without.zip");
        CliResult trained = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", with, "--epochs", "2").Ok();
        Assert.Contains("numeric columns: x1 (numbers), x2 (numbers)", trained.Error, "what the inference decided, on stderr");
        Assert.Contains("categorical columns: color (3 distinct values)", trained.Error);
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", without, "--epochs", "2", "--no-normalize").Ok();
        string[] Steps(string m) => CliRunner.Run("info", "--model", m, "--json").Ok().Json().GetProperty("pipeline").EnumerateArray().Select(v => v.GetString()!).ToArray();
        CollectionAssert.Contains(Steps(with), "NormalizingTransformer");
        CollectionAssert.DoesNotContain(Steps(without), "NormalizingTransformer");
        JsonElement info = CliRunner.Run("info", "--model", without, "--json").Ok().Json();
        JsonElement[] features = info.GetProperty("featureColumns").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color" }, features.Select(f => f.GetProperty("name").GetString()).ToArray(), "the text column color is a feature (one-hot)");
        CollectionAssert.AreEqual(new[] { "none", "none", "one-hot" }, features.Select(f => f.GetProperty("encoding").GetString()).ToArray());
        Assert.AreEqual(4, info.GetProperty("inputSchema").GetArrayLength(), "x1, x2, color and the label");
    }

    [TestMethod]
    public void A_column_of_ISO_dates_becomes_date_features_that_predict_reads_again()
    {
        string dir = TestData.NewFolder("dates");
        var rng = new Random(4);
        string Row(DateTime d) => $"{d:yyyy-MM-dd},{rng.NextDouble():0.###},{(d.Month is >= 4 and <= 9 ? "summer" : "winter")}";
        string data = Path.Combine(dir, "season.csv");
        File.WriteAllLines(data, ["day,noise,season", .. Enumerable.Range(0, 400).Select(_ => Row(new DateTime(2020, 1, 1).AddDays(rng.Next(0, 2000))))]);
        string model = Path.Combine(dir, "m.zip");
        CliResult trained = CliRunner.Run("train", "--data", data, "--label", "season", "--task", "binary", "--model", model,
            "--hidden", "16", "--epochs", "40", "--lr", "0.01", "--batch-size", "32", "--json").Ok();
        Assert.Contains("date columns: day (ISO 8601 dates)", trained.Error);
        Assert.IsGreaterThan(0.9, trained.Json().GetProperty("metrics").GetProperty("Accuracy").GetDouble(), "the month tells the season");
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        JsonElement day = info.GetProperty("featureColumns")[0];
        Assert.AreEqual("date", day.GetProperty("kind").GetString());
        Assert.AreEqual("date-parts, mean-variance", day.GetProperty("encoding").GetString());
        Assert.AreEqual(8 + 1, info.GetProperty("network").GetProperty("inputs").GetInt32(), "eight numbers for the date, one for noise");

        // Scoring reads the dates again; an empty or NA date is missing (the training mean).
        string score = Path.Combine(dir, "score.csv");
        File.WriteAllLines(score, ["day,noise", "2031-07-15,0.5", "2031-01-15,0.5", "NA,0.5", ",0.5"]);
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", score).Ok().Out);
        CollectionAssert.AreEqual(new[] { "summer", "winter" }, rows[1..3].Select(r => r[2]).ToArray(), "July and January of a year never seen");
        Assert.AreEqual(rows[4][3], rows[3][3], "NA and an empty cell are both a missing date");

        // A value that is not a date is an error naming the file, line, column and value in --test, predict and
        // evaluate data, as a non-number in a numeric column is. Before, it silently scored as a missing date.
        string bad = Path.Combine(dir, "bad.csv");
        File.WriteAllLines(bad, ["day,noise,season", "2031-07-15,0.5,summer", "someday,0.5,winter"]);
        string error = $"{bad}, line 3 (data row 2), column 'day': 'someday' is not an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), the column's kind (date).";
        CliRunner.Run("predict", "--model", model, "--data", bad).Fails(1, error);
        CliRunner.Run("evaluate", "--model", model, "--data", bad).Fails(1, error);
        CliRunner.Run("train", "--data", data, "--test", bad, "--label", "season", "--task", "binary", "--model", Path.Combine(dir, "t.zip"), "--epochs", "1").Fails(1, error);
        File.WriteAllLines(bad, ["day,noise,season", "2031-07-15,0.5,summer", "2031-07-15,lots,winter"]);
        CliRunner.Run("predict", "--model", model, "--data", bad).Fails(1, "line 3 (data row 2), column 'noise': 'lots' is not a number, the column's type (Single).");

        string oneHot = Path.Combine(dir, "onehot.zip");
        CliResult declared = CliRunner.Run("train", "--data", data, "--label", "season", "--task", "binary", "--model", oneHot, "--epochs", "1", "--categorical", "day").Ok();
        Assert.Contains("categorical columns: day (declared)", declared.Error, "--categorical keeps the dates as text");
    }

    [TestMethod]
    public void Check_gradients_rows_sizes_the_checked_batch()
    {
        // The first 20 rows are 'no'; with --class-weight 0,1 the default 16 rows all weigh 0, which the check refuses (its
        // loss and gradient would be 0); 40 rows hold 'yes' rows too and the check runs. Batch norm needs 2 rows.
        string dir = TestData.NewFolder("gradcheck-rows");
        var rng = new Random(3);
        string data = TestData.Write(dir, "d.csv", "x1,x2,y\n" + string.Concat(Enumerable.Range(0, 80).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rng.NextDouble():0.###},{rng.NextDouble():0.###},{(i >= 20 && i % 2 == 0 ? "yes" : "no")}\n"))));
        string model = Path.Combine(dir, "m.zip");
        string[] common = ["train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "1", "--hidden", "4", "--class-weight", "0,1", "--check-gradients"];
        CliRunner.Run(common).Fails(1, "ClassWeights is 0,1: the classes of the gradient check's rows (0) all weigh 0");
        Assert.IsFalse(File.Exists(model));
        StringAssert.Contains(CliRunner.Run([.. common, "--check-gradients-rows", "40"]).Ok().Error, ": passed");
        CliRunner.Run([.. common, "--check-gradients-rows", "1"]).Fails(1, "batch norm");
        CliRunner.Run([.. common, "--check-gradients-rows", "0"]).Fails(2, "--check-gradients-rows 0: the checked batch needs at least 1 row.");
        CliRunner.Run([.. common[..^1], "--check-gradients-rows", "40"]).Fails(2, "--check-gradients-rows 40: give it with --check-gradients, whose batch it sizes.");
    }

    /// <summary>
    /// --check-gradients-epsilon sets the centered differences' step (GradientCheckOptions.Epsilon, as PyTorch's gradcheck
    /// takes eps): 1e-2 passes and the line says the step; a step of 1 is too coarse for the curvature and the check fails,
    /// so the flag reaches the check. A step float32 cannot hold, or the flag without --check-gradients, is a usage error.
    /// </summary>
    [TestMethod]
    public void Check_gradients_epsilon_sets_the_step_of_the_centered_differences()
    {
        string dir = TestData.NewFolder("gradcheck-epsilon");
        string data = TestData.Binary(dir), model = Path.Combine(dir, "m.zip");
        string[] common = ["train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "1", "--hidden", "4", "--check-gradients"];
        Assert.Contains("(threshold 1.0e-03, epsilon 1.0e-02) over ", CliRunner.Run([.. common, "--check-gradients-epsilon", "1e-2"]).Ok().Error);
        CliResult coarse = CliRunner.Run([.. common, "--check-gradients-epsilon", "1"]);
        coarse.Fails(1, "the gradient check failed: back-propagation disagrees with centered differences");
        Assert.Contains("(threshold 1.0e-03, epsilon 1.0e+00) over ", coarse.Error);
        CliRunner.Run([.. common, "--check-gradients-epsilon", "1e-50"]).Fails(2, "--check-gradients-epsilon 1e-50: the step must be a positive number that float32 holds");
        CliRunner.Run([.. common, "--check-gradients-epsilon", "0"]).Fails(2, "--check-gradients-epsilon 0: the step must be");
        CliRunner.Run([.. common[..^1], "--check-gradients-epsilon", "1e-2"]).Fails(2, "--check-gradients-epsilon 0.01: give it with --check-gradients, whose step it sets.");
    }

    [TestMethod]
    public void Check_gradients_checks_the_network_before_training_and_a_failed_check_writes_no_model()
    {
        string dir = TestData.NewFolder("gradcheck");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        CliResult checkedRun = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2", "--check-gradients").Ok();
        StringAssert.Matches(checkedRun.Error, new System.Text.RegularExpressions.Regex(@"gradient check: difference \d\.\de-0\d \(threshold 1\.0e-03\) over \d+ components of 8 parameter tensors; \d+ more crossed a ReLU kink and were left out: passed"));
        Assert.IsTrue(File.Exists(model));

        // Weights of standard deviation 10 without batch norm: activations in the hundreds, where float32 centered
        // differences disagree with back-propagation (overall difference about 4e-3): the check fails and says where.
        string failed = Path.Combine(dir, "failed.zip");
        CliResult run = CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", failed, "--epochs", "2", "--check-gradients", "--init", "large", "--batch-norm", "false");
        Assert.AreEqual(1, run.Code, run.Error);
        StringAssert.Contains(run.Error, ": FAILED");
        StringAssert.Contains(run.Error, "layer 0 Dense(256) W: difference");
        StringAssert.Contains(run.Error, "worst: layer");
        StringAssert.Contains(run.Error, "the gradient check failed: back-propagation disagrees with centered differences (above); no model was written.");
        Assert.IsFalse(File.Exists(failed));
        Assert.DoesNotContain("epoch 1/2", run.Error, "no training after a failed check");

        Assert.AreEqual(2, CliRunner.Run("train", "--initial-model", model, "--data", data, "--model", failed, "--check-gradients").Code);

        // The shipped circles: on their first 16 rows a third of the sampled components cross a ReLU kink (batch norm puts
        // its output's densest part at 0); the rest are compared, every tensor has some, and the check passes.
        string circles = Path.Combine(DocsDriftTests.RepositoryRoot(), "data", "circles-train.csv");
        CliResult kinks = CliRunner.Run("train", "--data", circles, "--label", "Label", "--task", "binary", "--model", Path.Combine(dir, "circles.zip"), "--epochs", "1", "--check-gradients").Ok();
        var line = System.Text.RegularExpressions.Regex.Match(kinks.Error, @"; (\d+) more crossed a ReLU kink and were left out: passed");
        Assert.IsTrue(line.Success, kinks.Error);
        Assert.IsGreaterThan(0, int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        // tanh with batch norm on the circles, seed 1: one centered difference with eps 1e-3 was off by 3.8e-3 overall
        // (the eps^2 term of a strongly curved cost); extrapolated from eps and 2 eps it agrees.
        CliResult curved = CliRunner.Run("train", "--data", circles, "--label", "Label", "--task", "binary", "--model", Path.Combine(dir, "tanh.zip"), "--epochs", "1",
            "--check-gradients", "--activation", "tanh", "--seed", "1").Ok();
        Assert.Contains(" more crossed a ReLU kink and were left out: passed", curved.Error);
    }

    [TestMethod]
    public void Every_trainer_flag_is_accepted_and_recorded()
    {
        string dir = TestData.NewFolder("flags");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model,
            "--hidden", "8,4", "--activation", "leaky-relu", "--leaky-slope", "0.02", "--init", "glorot", "--dropout", "0.1", "--batch-norm",
            "--optimizer", "momentum", "--lr", "0.05", "--momentum", "0.8", "--nesterov", "--rmsprop-decay", "0.95", "--beta1", "0.85", "--beta2", "0.99",
            "--epsilon", "1e-7", "--weight-decay", "0.001", "--l2", "0.7", "--lr-decay", "step:2:0.5", "--batch-size", "16", "--epochs", "6",
            "--shuffle", "false", "--early-stopping", "3", "--early-stopping-delta", "0.001", "--restore-best", "false", "--validation-fraction", "0.2",
            "--clip-norm", "1", "--seed", "5", "--threads", "1", "--checkpoint-dir", dir, "--checkpoint-interval", "2", "--resume", "false", "--class-weight", "1,2").Ok();
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        JsonElement o = info.GetProperty("trainerOptions");
        var expected = new Dictionary<string, string>
        {
            ["HiddenLayers"] = "8,4", ["Activation"] = "leaky-relu", ["LeakyReluSlope"] = "0.02", ["Initializer"] = "glorot-uniform", ["DropoutRate"] = "0.1",
            ["BatchNormalization"] = "true", ["Optimizer"] = "momentum", ["LearningRate"] = "0.05", ["Momentum"] = "0.8", ["Nesterov"] = "true",
            ["RmsPropDecay"] = "0.95", ["AdamBeta1"] = "0.85", ["AdamBeta2"] = "0.99", ["Epsilon"] = "1E-07", ["WeightDecay"] = "0.001",
            ["L2Regularization"] = "0.7", ["LearningRateSchedule"] = "step:2:0.5", ["BatchSize"] = "16", ["NumberOfEpochs"] = "6", ["Shuffle"] = "false",
            ["EarlyStoppingPatience"] = "3", ["EarlyStoppingMinDelta"] = "0.001", ["RestoreBestWeights"] = "false", ["ValidationFraction"] = "0.2",
            ["GradientClipNorm"] = "1", ["Seed"] = "5", ["NumberOfThreads"] = "1", ["CheckpointFolder"] = dir, ["CheckpointInterval"] = "2",
            ["ResumeFromCheckpoint"] = "false", ["Backend"] = "managed", ["ClassWeights"] = "1,2",
        };
        foreach (var (name, value) in expected)
        {
            Assert.AreEqual(value, o.GetProperty(name).GetString(), name);
        }

        Assert.AreEqual(expected.Count, o.EnumerateObject().Count(), "every knob of a classifier (StandardizeLabel is regression's)");
        Assert.AreEqual("true", info.GetProperty("trainerOptionsGiven").GetProperty("--nesterov").GetString(), "a bare boolean flag means true");
        Assert.IsTrue(File.Exists(Path.Combine(dir, "training.ckpt")));
    }

    [TestMethod]
    public void Unset_initializer_and_weight_decay_are_recorded_as_the_values_used()
    {
        // The defaults depend on other knobs (activation, optimizer); the record used to say null ("(unset)").
        string dir = TestData.NewFolder("effective");
        string data = TestData.Binary(dir);
        (string[] Flags, string Initializer, string WeightDecay)[] cases =
        [
            ([], "he-normal", "0"),
            (["--activation", "tanh", "--optimizer", "adamw"], "glorot-uniform", "0.01"),
            (["--activation", "leaky-relu", "--optimizer", "adamw", "--weight-decay", "0.5", "--init", "zeros"], "zeros", "0.5"),
        ];
        foreach (var (flags, initializer, weightDecay) in cases)
        {
            string model = Path.Combine(dir, "m.zip");
            JsonElement trained = CliRunner.Run(["train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "1", "--hidden", "4", "--json", .. flags]).Ok().Json();
            JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("trainerOptions");
            foreach (JsonElement o in new[] { trained.GetProperty("options"), info })
            {
                Assert.AreEqual(initializer, o.GetProperty("Initializer").GetString(), string.Join(' ', flags));
                Assert.AreEqual(weightDecay, o.GetProperty("WeightDecay").GetString(), string.Join(' ', flags));
            }
        }
    }

    [TestMethod]
    public void Cancellation_exits_130_and_writes_no_model()
    {
        string dir = TestData.NewFolder("cancel");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        CliRunner.Run(cts.Token, "train", "--data", data, "--label", "y", "--task", "binary", "--model", model).Fails(130, "cancelled");
        Assert.IsFalse(File.Exists(model));
    }

    /// <summary>
    /// Ctrl+C after epoch 2 of a run with --checkpoint-dir: exit 130, and the message names the checkpoint kept and
    /// --resume (before: "cancelled; nothing was written.", though the checkpoint was there); --resume with another
    /// --class-weight is refused naming both (before, it resumed and the record claimed the new weights for every epoch);
    /// the same command with --resume then goes on from epoch 3.
    /// </summary>
    [TestMethod]
    public void Cancellation_with_a_checkpoint_says_it_is_kept_and_how_to_resume()
    {
        string dir = TestData.NewFolder("cancel-checkpoint");
        string data = TestData.Binary(dir), model = Path.Combine(dir, "m.zip"), checkpoints = Path.Combine(dir, "ck");
        string[] args = ["train", "--data", data, "--label", "y", "--task", "binary", "--epochs", "5", "--checkpoint-dir", checkpoints, "--model", model];
        using var cts = new CancellationTokenSource();
        var stderr = new CancelOnLine("epoch 2/5", cts);
        int code = CliApp.Run(args, new StringWriter(), stderr, cts.Token);
        var cancelled = new CliResult(code, "", stderr.ToString());
        cancelled.Fails(130, "cancelled; no model was written. The checkpoint ", Path.Combine(checkpoints, "training.ckpt"), "is kept: the same command with --resume continues from it.");
        Assert.IsFalse(File.Exists(model));

        CliRunner.Run([.. args, "--resume", "--class-weight", "1,3"]).Fails(1, "it was written with class weights none, but this run uses 1,3");
        CliResult resumed = CliRunner.Run([.. args, "--resume"]).Ok();
        Assert.StartsWith("epoch 3/5", resumed.Error.Split('\n').First(l => l.StartsWith("epoch ", StringComparison.Ordinal)), resumed.Error);
    }

    /// <summary>
    /// A run resumed from its checkpoint reports the whole training time as trainSeconds: the checkpoint's recorded time
    /// (set here to 1000 s, as a long first process would have left it) plus the resumed part. Before, trainSeconds
    /// (in --json and in the model's record, so info) counted only the resumed part.
    /// </summary>
    [TestMethod]
    public void A_resumed_runs_train_seconds_count_the_time_its_checkpoint_recorded()
    {
        string dir = TestData.NewFolder("resume-seconds");
        string data = TestData.Binary(dir), model = Path.Combine(dir, "m.zip"), checkpoints = Path.Combine(dir, "ck");
        string[] args = ["train", "--data", data, "--label", "y", "--task", "binary", "--epochs", "5", "--checkpoint-dir", checkpoints, "--model", model];
        using var cts = new CancellationTokenSource();
        CliApp.Run(args, new StringWriter(), new CancelOnLine("epoch 2/5", cts), cts.Token);
        string checkpoint = Path.Combine(checkpoints, "training.ckpt");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        using (var r = new BinaryReader(new MemoryStream(bytes)))
        {
            r.ReadBytes(8 + 4 + 8 + 4 + 4); // magic, version, seed, batch size, optimizer
            r.ReadString(); // the loss
            r.ReadInt64(); // the start weights' fingerprint
            for (int i = r.ReadInt32(); i > 0; i--)
            {
                r.ReadString();
                r.ReadString();
            }

            double recorded = BitConverter.ToDouble(bytes, (int)r.BaseStream.Position);
            Assert.IsTrue(recorded > 0 && recorded < 1000, $"the first process's training time: {recorded}");
            BitConverter.GetBytes(1000.0).CopyTo(bytes, (int)r.BaseStream.Position);
        }

        File.WriteAllBytes(checkpoint, bytes);
        double seconds = CliRunner.Run([.. args, "--resume", "--json"]).Ok().Json().GetProperty("trainSeconds").GetDouble();
        Assert.IsTrue(seconds > 1000 && seconds < 1100, $"trainSeconds {seconds}");
        Assert.AreEqual(seconds, CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("trainSeconds").GetDouble());
    }

    /// <summary>stderr that cancels when a line starting with the given text is written (the epoch's progress line).</summary>
    private sealed class CancelOnLine(string start, CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(start, StringComparison.Ordinal) == true)
            {
                cts.Cancel();
            }
        }
    }
}
