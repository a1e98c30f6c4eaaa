namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary><c>train --class-weight</c>: the classifiers' class weights from the command line, recorded and shown by <c>info</c>.</summary>
[TestClass]
public sealed class ClassWeightTests
{
    /// <summary>5% "yes" around (1.5, 1.5) among "no" around the origin (standard deviation 1): y's negative class is no, its positive yes.</summary>
    private static string Imbalanced(string folder, string name, int rows, int seed)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < rows; i++)
        {
            bool yes = i % 20 == 0;
            double shift = yes ? 1.5 : 0;
            sb.Append(CultureInfo.InvariantCulture, $"{shift + Gauss():0.####},{shift + Gauss():0.####},{(yes ? "yes" : "no")}\n");
        }

        return TestData.Write(folder, name, sb.ToString());
    }

    [TestMethod]
    public void Train_weighs_the_classes_records_the_flag_and_info_shows_it()
    {
        string dir = TestData.NewFolder("class-weight");
        string train = Imbalanced(dir, "train.csv", 2000, seed: 1), test = Imbalanced(dir, "test.csv", 2000, seed: 2);
        string plainModel = Path.Combine(dir, "plain.zip"), model = Path.Combine(dir, "balanced.zip");
        string[] common = ["train", "--data", train, "--test", test, "--label", "y", "--task", "binary", "--hidden", "16",
            "--batch-size", "64", "--lr", "0.01", "--dropout", "0", "--threads", "1", "--json"];
        JsonElement plain = CliRunner.Run([.. common, "--epochs", "10", "--model", plainModel]).Ok().Json();
        JsonElement balanced = CliRunner.Run([.. common, "--epochs", "10", "--model", model, "--class-weight", "balanced"]).Ok().Json();
        double plainRecall = plain.GetProperty("metrics").GetProperty("PositiveRecall").GetDouble();
        double recall = balanced.GetProperty("metrics").GetProperty("PositiveRecall").GetDouble();
        Assert.IsGreaterThan(plainRecall + 0.3, recall, $"test recall of 'yes': {plainRecall} without --class-weight, {recall} balanced");
        Assert.AreEqual("balanced", balanced.GetProperty("options").GetProperty("ClassWeights").GetString());
        Assert.AreEqual(JsonValueKind.Null, plain.GetProperty("options").GetProperty("ClassWeights").ValueKind, "unset: every class weighs 1");

        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.AreEqual("balanced", info.GetProperty("trainerOptions").GetProperty("ClassWeights").GetString());
        Assert.AreEqual("balanced", info.GetProperty("trainerOptionsGiven").GetProperty("--class-weight").GetString());
        StringAssert.Matches(CliRunner.Run("info", "--model", model).Ok().Out, new System.Text.RegularExpressions.Regex(@"\n  ClassWeights +balanced\r?\n"));

        JsonElement explicitly = CliRunner.Run([.. common, "--model", model, "--class-weight", "1,19", "--epochs", "1"]).Ok().Json();
        Assert.AreEqual("1,19", explicitly.GetProperty("options").GetProperty("ClassWeights").GetString());
        Assert.AreEqual("1,19", CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("trainerOptions").GetProperty("ClassWeights").GetString());
    }

    [TestMethod]
    public void A_class_weight_of_0_trains_and_info_and_the_report_show_the_weights_as_resolved()
    {
        // --class-weight 0,1 ignores 'no': in batches of 8 most hold only 'no' rows and weigh 0. Before, training failed
        // at the first such batch with "example weights of the batch sum to 0 (Parameter 'weights')".
        string dir = TestData.NewFolder("class-weight-zero");
        string train = Imbalanced(dir, "train.csv", 400, seed: 1), model = Path.Combine(dir, "m.zip"), report = Path.Combine(dir, "r.html");
        string[] common = ["train", "--data", train, "--label", "y", "--task", "binary", "--hidden", "8", "--epochs", "2", "--threads", "1", "--model", model];
        JsonElement run = CliRunner.Run([.. common, "--batch-size", "8", "--class-weight", "0,1", "--json"]).Ok().Json();
        Assert.AreEqual("0,1", run.GetProperty("options").GetProperty("ClassWeights").GetString());
        JsonElement weights = CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("classWeights");
        Assert.AreEqual("{\"no\":0,\"yes\":1}", weights.GetRawText());

        // balanced over 380 'no' and 20 'yes' rows: 400 / (2 * 380) and 400 / (2 * 20); the record keeps "balanced" as given.
        CliRunner.Run([.. common, "--class-weight", "balanced", "--report", report]).Ok();
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.AreEqual("balanced", info.GetProperty("trainerOptions").GetProperty("ClassWeights").GetString());
        Assert.AreEqual("{\"no\":0.5263158,\"yes\":10}", info.GetProperty("classWeights").GetRawText());
        StringAssert.Contains(CliRunner.Run("info", "--model", model).Ok().Out, "  ClassWeights resolved    no: 0.5263158, yes: 10");
        StringAssert.Contains(File.ReadAllText(report), "no: 0.5263158, yes: 10");

        CliRunner.Run([.. common]).Ok();
        Assert.AreEqual(JsonValueKind.Null, CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("classWeights").ValueKind, "no class weights");
    }

    [TestMethod]
    public void Bad_class_weights_and_regression_are_usage_errors_naming_the_flag_and_the_value()
    {
        string dir = TestData.NewFolder("class-weight-bad");
        string binary = Imbalanced(dir, "train.csv", 100, seed: 1), model = Path.Combine(dir, "m.zip");
        CliResult Train(string task, string data, string label, string weights) =>
            CliRunner.Run("train", "--data", data, "--label", label, "--task", task, "--model", model, "--epochs", "1", "--hidden", "4", "--class-weight", weights);

        Train("regression", TestData.Regression(dir), "y", "balanced").Fails(2, "--class-weight balanced: the flag applies to --task binary or multiclass only.");
        Train("binary", binary, "y", "1,-2").Fails(2, "--class-weight 1,-2: class weights '1,-2': give one non-negative, finite weight per class");
        Train("binary", binary, "y", "foo").Fails(2, "--class-weight foo: 'foo' is not a number; give balanced, or one weight per class separated by commas (1,19).");
        Train("binary", binary, "y", "0,0").Fails(2, "--class-weight 0,0:", "not all 0");
        Train("binary", binary, "y", "1,2,3").Fails(2, "--class-weight 1,2,3: 3 weights, but the label 'y' has 2 classes (no, yes); give one weight per class, in that order.");
        Train("multiclass", TestData.Multiclass(dir), "species", "1,2").Fails(2, "--class-weight 1,2: 2 weights, but the label 'species' has 3 classes (iris, setosa, iris, versicolor, iris, virginica)");
        Assert.IsFalse(File.Exists(model), "no model was written");
        Train("multiclass", TestData.Multiclass(dir), "species", "1,2,0.5").Ok();
    }
}
