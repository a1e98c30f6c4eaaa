namespace MLNetDeep.Cli.Tests;

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

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

    // A C# program's rows: more columns than any one model reads (an Int32, a Boolean, text, a [VectorType] vector), a
    // Boolean Label beside a text class cls and an Int32 class icls; the CSV holds every scalar column.
    private sealed class WideRow
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public int N { get; set; }

        public string Color { get; set; } = "";

        [VectorType(3)]
        public float[] Vec { get; set; } = [];

        public bool Label { get; set; }

        public string Cls { get; set; } = "";

        public int Icls { get; set; }
    }

    private static (MLContext Ml, IDataView View, string Csv) Wide(string dir)
    {
        var rng = new Random(7);
        string[] colors = ["red", "green", "blue"];
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            float x1 = (float)(rng.NextDouble() * 4 - 2), x2 = (float)(rng.NextDouble() * 4 - 2);
            return new WideRow
            {
                X1 = x1, X2 = x2, N = rng.Next(10), Color = colors[rng.Next(3)], Vec = [(float)rng.NextDouble(), 0, 1], Label = x1 + x2 > 0.3f,
                Cls = x1 > 0.7f ? "setosa" : x1 < -0.7f ? "virginica" : "versicolor", Icls = x1 > 0.7f ? 3 : x1 < -0.7f ? 1 : 2,
            };
        }).ToArray();
        string csv = TestData.Write(dir, "wide.csv", "X1,X2,N,Color,Label,Cls,Icls\n" + string.Concat(rows.Select(r =>
            FormattableString.Invariant($"{r.X1:R},{r.X2:R},{r.N},{r.Color},{(r.Label ? "true" : "false")},{r.Cls},{r.Icls}\n"))));
        var ml = new MLContext(seed: 1);
        return (ml, ml.Data.LoadFromEnumerable(rows), csv);
    }

    [TestMethod]
    public void A_model_saved_with_a_wider_schema_than_it_reads_needs_only_the_columns_its_prediction_reads()
    {
        string dir = TestData.NewFolder("wide");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "sdca.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(view), view.Schema, model);

        // The schema saved lists N, Color, Vec (a vector no CSV can hold), Cls and Icls, which the model never reads.
        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("Accuracy").GetDouble());
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", TestData.Write(dir, "new.csv", "X1,X2\n1,1\n-1,-1\n")).Ok().Out);
        CollectionAssert.AreEqual(new[] { "X1", "X2", "PredictedLabel", "Score", "Probability" }, rows[0]);
        CollectionAssert.AreEqual(new[] { "true", "false" }, rows.Skip(1).Select(r => r[2]).ToArray());
        CliRunner.Run("predict", "--model", model, "--data", TestData.Write(dir, "x1.csv", "X1\n1\n")).Fails(1, "lacks the column 'X2' that the model reads");
    }

    [TestMethod]
    public void Predict_does_not_parse_columns_the_prediction_does_not_read()
    {
        string dir = TestData.NewFolder("unread");
        var (ml, view, _) = Wide(dir);
        string model = Path.Combine(dir, "fasttree.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10)).Fit(view), view.Schema, model);
        // Label (Boolean in the saved schema) and N (Int32) hold values of other types: predict needs neither (they were
        // parsed with the schema's types: "'maybe' is not true or false"); evaluate needs the label and says so.
        string data = TestData.Write(dir, "new.csv", "X1,X2,Label,N\n2,2,maybe,many\n");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", data).Ok().Out);
        CollectionAssert.AreEqual(new[] { "2", "2", "maybe", "many", "true" }, rows[1][..5], "the fields echoed as read, then the prediction");
        CliRunner.Run("evaluate", "--model", model, "--data", data).Fails(1, "column 'Label': 'maybe' is not true or false");
    }

    [TestMethod]
    public void A_binary_evaluation_on_a_numeric_label_of_more_than_two_values_is_refused_naming_the_file_column_and_values()
    {
        string dir = TestData.NewFolder("continuous-label");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "fasttree.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10)).Fit(view), view.Schema, model);
        // ML.NET reads any number above 0 as positive: a wrong --label (a continuous X2, a count N) gave metrics before.
        CliRunner.Run("evaluate", "--model", model, "--data", csv, "--label", "X2").Fails(1, csv, "the label column 'X2' holds more than two distinct values (", "--label names the model's label");
        CliRunner.Run("evaluate", "--model", model, "--data", csv, "--label", "N").Fails(1, csv, "the label column 'N' holds more than two distinct values (");
        string twoNumbers = TestData.Write(dir, "two.csv", "X1,X2,N\n1,1,1\n-1,-1,0\n1,0.5,1\n");
        Assert.AreEqual(1.0, CliRunner.Run("evaluate", "--model", model, "--data", twoNumbers, "--label", "N", "--json").Ok().Json().GetProperty("metrics").GetProperty("Accuracy").GetDouble(), "a 0/1 label still evaluates");
    }

    [TestMethod]
    public void A_pipeline_of_transforms_only_is_refused_naming_its_outputs_and_what_can_use_it()
    {
        string dir = TestData.NewFolder("transforms");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "t.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.Transforms.NormalizeMinMax("Features")).Fit(view), view.Schema, model);
        foreach (string[] args in new[] { new[] { "info", "--model", model }, ["predict", "--model", model, "--data", csv] })
        {
            CliRunner.Run(args).Fails(1, model, "has no score column", "its output columns: Features", "'mlnetdeep serve' answers its output columns");
        }
    }

    [TestMethod]
    public void A_label_the_pipeline_makes_from_another_column_is_taken_from_that_column_even_beside_a_column_named_Label()
    {
        string dir = TestData.NewFolder("label-inside");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "multi.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Cls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(view), view.Schema, model);

        // The data's Boolean Label is not the model's label: the classes come from Cls, which evaluate must require.
        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("MicroAccuracy").GetDouble(), metrics.ToString());
        CliRunner.Run("evaluate", "--model", model, "--data", TestData.Write(dir, "nocls.csv", "X1,X2,Label\n1,1,true\n")).Fails(1, "lacks the column 'Cls' that the model makes its label 'Label' from");
    }

    [TestMethod]
    public void Multiclass_scores_are_headed_by_their_class_when_the_classes_are_numbers_mapped_back_by_MapKeyToValue()
    {
        string dir = TestData.NewFolder("int-classes");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "multi.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Icls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(view), view.Schema, model);

        // PredictedLabel is an Int32 (it was an error), and the key order is the order of first appearance, not 1, 2, 3:
        // the Score columns are named by ML.NET's TrainingLabelValues, never by their index.
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", csv).Ok().Out);
        string[] header = rows[0];
        int predicted = Array.IndexOf(header, "PredictedLabel");
        CollectionAssert.AreEquivalent(new[] { "Score.1", "Score.2", "Score.3" }, header[(predicted + 1)..]);
        int icls = Array.IndexOf(header, "Icls");
        foreach (string[] row in rows.Skip(1).Take(20))
        {
            float[] scores = row[(predicted + 1)..].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.AreEqual("Score." + row[predicted], header[predicted + 1 + Array.IndexOf(scores, scores.Max())], "the predicted class has the highest score");
        }

        double right = rows.Skip(1).Count(r => r[icls] == r[predicted]) / (double)(rows.Length - 1);
        Assert.IsGreaterThan(0.9, right);
    }

    [TestMethod]
    public void Multiclass_classes_of_any_key_value_type_name_the_predicted_label_and_the_scores()
    {
        string dir = TestData.NewFolder("byte-classes");
        var (ml, _, csv) = Wide(dir);
        IDataView view = ml.Data.LoadFromTextFile(csv, new TextLoader.Options
        {
            Separators = [','], HasHeader = true,
            Columns = [new("X1", DataKind.Single, 0), new("X2", DataKind.Single, 1), new("Icls", DataKind.Byte, 6)],
        });
        string model = Path.Combine(dir, "multi.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Icls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(view), view.Schema, model);

        // The key's values are Bytes (they were read only when Single, Double, Boolean, Int32, UInt32, Int64 or text, so
        // these classes were written as their key indices 0, 1, 2).
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", csv).Ok().Out);
        string[] header = rows[0];
        int predicted = Array.IndexOf(header, "PredictedLabel");
        CollectionAssert.AreEquivalent(new[] { "Score.1", "Score.2", "Score.3" }, header[(predicted + 1)..]);
        int icls = Array.IndexOf(header, "Icls");
        double right = rows.Skip(1).Count(r => r[icls] == r[predicted]) / (double)(rows.Length - 1);
        Assert.IsGreaterThan(0.9, right);
    }

    [TestMethod]
    public void Renamed_trainer_outputs_are_found_by_ML_NET_s_score_annotations()
    {
        string dir = TestData.NewFolder("renamed");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "renamed.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10))
            .Append(ml.Transforms.CopyColumns("Confidence", "Score")).Append(ml.Transforms.CopyColumns("Chance", "Probability"))
            .Append(ml.Transforms.CopyColumns("Decision", "PredictedLabel")).Append(ml.Transforms.DropColumns("Score", "Probability", "PredictedLabel")).Fit(view), view.Schema, model);

        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("Accuracy").GetDouble());
        Assert.IsTrue(metrics.TryGetProperty("LogLoss", out _), "the renamed Probability is found too");
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", TestData.Write(dir, "new.csv", "X1,X2\n2,2\n")).Ok().Out);
        CollectionAssert.AreEqual(new[] { "X1", "X2", "PredictedLabel", "Score", "Probability" }, rows[0]);
        Assert.AreEqual("true", rows[1][2]);
        Assert.IsGreaterThan(0.5, double.Parse(rows[1][4], System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void A_renamed_PredictedLabel_of_a_feedforward_multiclass_model_is_found_by_its_score_annotations()
    {
        string dir = TestData.NewFolder("renamed-ff");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "renamed.zip");
        using (var fitted = ml.Transforms.Conversion.MapValueToKey("Class", "Cls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new MLNetDeep.Trainers.FeedForwardMulticlassTrainer.Options { LabelColumnName = "Class", HiddenLayers = [16], NumberOfEpochs = 100, Seed = 1 }))
            .Append(ml.Transforms.CopyColumns("Species", "PredictedLabel")).Append(ml.Transforms.DropColumns("PredictedLabel")).Fit(view))
        {
            ml.Model.Save(fitted, view.Schema, model);
        }

        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.8, metrics.GetProperty("MicroAccuracy").GetDouble());
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", TestData.Write(dir, "new.csv", "X1,X2\n2,0\n-2,0\n")).Ok().Out);
        CollectionAssert.AreEqual(new[] { "X1", "X2", "PredictedLabel", "Score.setosa", "Score.versicolor", "Score.virginica" }, rows[0].Take(3).Concat(rows[0].Skip(3).Order()).ToArray());
        Assert.AreEqual("setosa", rows[1][2], "the renamed PredictedLabel (the class, not an empty cell)");
        Assert.AreEqual("virginica", rows[2][2]);
    }

    [TestMethod]
    public void LightGbm_models_are_evaluated_and_predicted()
    {
        string dir = TestData.NewFolder("lightgbm");
        var (ml, view, csv) = Wide(dir);
        string binary = Path.Combine(dir, "binary.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.LightGbm(numberOfIterations: 20)).Fit(view), view.Schema, binary);
        string multi = Path.Combine(dir, "multi.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Cls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.LightGbm(numberOfIterations: 20)).Fit(view), view.Schema, multi);

        // In a process of its own, so that the CLI's dependencies (not this test project's) decide whether LightGBM loads.
        var (code, output, error) = OutOfProcessTests.RunCli("evaluate", "--model", binary, "--data", csv, "--json");
        Assert.AreEqual(0, code, error);
        using (JsonDocument doc = JsonDocument.Parse(output))
        {
            Assert.IsGreaterThan(0.9, doc.RootElement.GetProperty("metrics").GetProperty("Accuracy").GetDouble());
        }

        Assert.IsGreaterThan(0.9, CliRunner.Run("evaluate", "--model", multi, "--data", csv, "--json").Ok().Json().GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble());
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", multi, "--data", TestData.Write(dir, "new.csv", "X1,X2\n1.5,0\n")).Ok().Out);
        CollectionAssert.AreEquivalent(new[] { "Score.setosa", "Score.versicolor", "Score.virginica" }, rows[0][3..]);
        Assert.AreEqual("setosa", rows[1][2], "the class name, not its key");
    }

    [TestMethod]
    public void A_model_saved_without_a_schema_is_refused_saying_how_to_save_it()
    {
        string dir = TestData.NewFolder("null-schema");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "m.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(view), null, model);
        foreach (string command in new[] { "evaluate", "predict" })
        {
            CliRunner.Run(command, "--model", model, "--data", csv).Fails(1, model, "holds no input schema", "mlContext.Model.Save(model, data.Schema, path)");
        }
    }

    [TestMethod]
    public void A_model_whose_CustomMapping_assembly_is_absent_is_refused_naming_the_assembly()
    {
        string dir = TestData.NewFolder("custom");
        var (ml, view, csv) = Wide(dir);
        string model = Path.Combine(dir, "custom.zip");
        ml.Model.Save(ml.Transforms.CustomMapping(new Twice().GetMapping(), nameof(Twice)).Append(ml.Transforms.Concatenate("Features", "X1", "X2", "X1Twice"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(view), view.Schema, model);
        // The CLI in a process of its own lacks this test assembly, as any program but the one that trained it does.
        var (code, _, error) = OutOfProcessTests.RunCli("predict", "--model", model, "--data", csv);
        Assert.AreEqual(1, code, error);
        StringAssert.StartsWith(error, "mlnetdeep: error: ");
        StringAssert.Contains(error, $"needs the assembly '{typeof(Twice).Assembly.GetName().Name}'");
        StringAssert.Contains(error, "CustomMapping");
        Assert.DoesNotContain("   at ", error);
    }

    [TestMethod]
    public void A_label_of_the_wrong_type_for_the_task_is_converted_when_numeric_and_refused_by_name_otherwise()
    {
        string dir = TestData.NewFolder("label-types");
        var (ml, view, csv) = Wide(dir);
        string regression = Path.Combine(dir, "reg.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.Regression.Trainers.Sdca(labelColumnName: "X2")).Fit(view), view.Schema, regression);
        string multi = Path.Combine(dir, "multi.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Cls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(view), view.Schema, multi);

        // An Int32 label is numbers (ML.NET's evaluator wanted Single: "Schema mismatch for label column"); text is not.
        JsonElement metrics = CliRunner.Run("evaluate", "--model", regression, "--data", csv, "--label", "Icls", "--json").Ok().Json().GetProperty("metrics");
        Assert.IsTrue(metrics.TryGetProperty("RSquared", out _));
        CliRunner.Run("evaluate", "--model", regression, "--data", csv, "--label", "Cls").Fails(1, csv, "the label column 'Cls' is String", "regression model is evaluated on numbers", "--label");
        // A multiclass model's scores are for the classes of its key label: a Single column is no such label (ML.NET
        // measured it silently as class indexes, log-loss 0).
        CliRunner.Run("evaluate", "--model", multi, "--data", csv, "--label", "X1").Fails(1, csv, "the label column 'X1' is Single", "a key of its 3 classes");
    }

    [TestMethod]
    public void A_multiclass_label_keyed_before_the_pipeline_is_read_from_its_class_names()
    {
        string dir = TestData.NewFolder("keyed-label");
        var (ml, view, csv) = Wide(dir);
        // As ML.NET's samples do: the label keyed apart, so the saved schema's Label is a key of the class names.
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Cls").Fit(view).Transform(ml.Transforms.DropColumns("Label").Fit(view).Transform(view));
        string model = Path.Combine(dir, "keyed.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(keyed), keyed.Schema, model);
        string data = TestData.Write(dir, "classes.csv", string.Join("\n", File.ReadAllLines(csv).Select(l => l.Split(',')).Select(f => $"{f[0]},{f[1]},{(f[5] == "Cls" ? "Label" : f[5])}")) + "\n");

        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", data, "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("MicroAccuracy").GetDouble(), metrics.ToString());
        CliRunner.Run("evaluate", "--model", model, "--data", TestData.Write(dir, "typo.csv", "X1,X2,Label\n1,1,setosa\n1,1,setosaa\n")).Fails(1, "data row 2", "'setosaa'");
    }

    [TestMethod]
    public void Info_says_what_the_prediction_reads_and_that_a_plain_ML_NET_model_does_not_record_its_label()
    {
        string dir = TestData.NewFolder("info-label");
        var (ml, view, _) = Wide(dir);
        string other = Path.Combine(dir, "other.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5)).Fit(view), view.Schema, other);
        string inside = Path.Combine(dir, "inside.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Cls").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(view), view.Schema, inside);

        string text = CliRunner.Run("info", "--model", inside).Ok().Out;
        Assert.Contains("label column 'Label' (made by its pipeline from 'Cls')", text);
        Assert.Contains("The prediction reads: X1, X2", text);
        Assert.AreEqual("Label", CliRunner.Run("info", "--model", inside, "--json").Ok().Json().GetProperty("labelColumn").GetString());
        // The Boolean Label beside it may or may not be what the trainer read: the zip does not say.
        Assert.Contains("label column not recorded", CliRunner.Run("info", "--model", other).Ok().Out);
        Assert.AreEqual(JsonValueKind.Null, CliRunner.Run("info", "--model", other, "--json").Ok().Json().GetProperty("labelColumn").ValueKind);
    }

    private sealed class VectorRow
    {
        [VectorType(3)]
        public float[] Vec { get; set; } = [];

        public float Y { get; set; }
    }

    [TestMethod]
    public void A_vector_input_column_is_read_from_the_fields_its_slot_names_or_NAME_i_name()
    {
        string dir = TestData.NewFolder("vector");
        var rng = new Random(3);
        VectorRow[] rows = Enumerable.Range(0, 200).Select(_ => new VectorRow { Vec = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()] })
            .Select(r => new VectorRow { Vec = r.Vec, Y = r.Vec[0] - 2 * r.Vec[1] + 3 * r.Vec[2] }).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromEnumerable(rows);
        string model = Path.Combine(dir, "vec.zip");
        ml.Model.Save(ml.Transforms.CopyColumns("Features", "Vec").Append(ml.Regression.Trainers.FastTree(labelColumnName: "Y", numberOfTrees: 100, minimumExampleCountPerLeaf: 5)).Fit(view), view.Schema, model);

        // [VectorType(3)] has no slot names: the fields are Vec.0, Vec.1, Vec.2, matched by name in any order.
        string csv = TestData.Write(dir, "vec.csv", "Vec.2,Y,Vec.0,Vec.1\n" + string.Concat(rows.Select(r => FormattableString.Invariant($"{r.Vec[2]:R},{r.Y:R},{r.Vec[0]:R},{r.Vec[1]:R}\n"))));
        JsonElement metrics = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--label", "Y", "--json").Ok().Json().GetProperty("metrics");
        Assert.IsGreaterThan(0.9, metrics.GetProperty("RSquared").GetDouble(), metrics.ToString());
        CliRunner.Run("predict", "--model", model, "--data", TestData.Write(dir, "short.csv", "Vec.0,Vec.1\n1,2\n"))
            .Fails(1, "lacks the column 'Vec' that the model reads, a vector of 3 Single", "Vec.0, Vec.1, Vec.2", "missing: Vec.2");

        // A TextLoader range over a header names its slots by the header (a, b, c): those fields are read back.
        string named = TestData.Write(dir, "named.csv", "c,Y,a,b\n" + string.Join('\n', File.ReadAllLines(csv).Skip(1)) + "\n");
        IDataView loaded = ml.Data.LoadFromTextFile(named, new TextLoader.Options
        {
            Separators = [','], HasHeader = true, Columns = [new("Vec", DataKind.Single, [new TextLoader.Range(2, 3), new TextLoader.Range(0, 0)]), new("Y", DataKind.Single, 1)],
        });
        string ranged = Path.Combine(dir, "ranged.zip");
        ml.Model.Save(ml.Transforms.CopyColumns("Features", "Vec").Append(ml.Regression.Trainers.FastTree(labelColumnName: "Y", numberOfTrees: 100, minimumExampleCountPerLeaf: 5)).Fit(loaded), loaded.Schema, ranged);
        string[][] predicted = TestData.ReadCsv(CliRunner.Run("predict", "--model", ranged, "--data", named).Ok().Out);
        string[][] direct = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", csv).Ok().Out);
        double[] a = predicted.Skip(1).Select(r => double.Parse(r[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] b = direct.Skip(1).Select(r => double.Parse(r[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsLessThan(0.05, a.Zip(b, (x, y) => Math.Abs(x - y)).Max(), "a, b, c are read as Vec.0, Vec.1, Vec.2 were");
    }

    private sealed class TwiceIn
    {
        public float X1 { get; set; }
    }

    private sealed class TwiceOut
    {
        public float X1Twice { get; set; }
    }

    [CustomMappingFactoryAttribute(nameof(Twice))]
    private sealed class Twice : CustomMappingFactory<TwiceIn, TwiceOut>
    {
        public override Action<TwiceIn, TwiceOut> GetMapping() => (i, o) => o.X1Twice = 2 * i.X1;
    }
}
