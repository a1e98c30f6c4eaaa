namespace MLNetDeep.Cli.Tests;

using System.Text.Json;

/// <summary>Issue 13 on the command line: <c>--backend torchsharp [--device cpu]</c> trains with libtorch into the same kind of model.</summary>
[TestClass]
public sealed class BackendTests
{
    /// <summary>The README's first command (default recipe, 100 epochs of 32) on libtorch.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void Torchsharp_trains_a_model_that_evaluate_predicts_with_and_info_names()
    {
        string dir = TestData.NewFolder("backend");
        string model = Path.Combine(dir, "torch.zip");
        string data = Path.Combine(DocsDriftTests.RepositoryRoot(), "data", "circles-train.csv");
        string test = Path.Combine(DocsDriftTests.RepositoryRoot(), "data", "circles-test.csv");
        JsonElement trained = CliRunner.Run("train", "--data", data, "--test", test, "--label", "Label", "--task", "binary", "--epochs", "100",
            "--batch-size", "32", "--backend", "torchsharp", "--device", "cpu", "--threads", "1", "--model", model, "--json").Ok().Json();
        Assert.AreEqual("torchsharp:cpu", trained.GetProperty("options").GetProperty("Backend").GetString());
        Assert.IsGreaterThan(0.9, trained.GetProperty("metrics").GetProperty("Accuracy").GetDouble());
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        StringAssert.Contains(info.GetRawText(), "torchsharp:cpu");
        JsonElement evaluated = CliRunner.Run("evaluate", "--model", model, "--data", test, "--json").Ok().Json();
        Assert.AreEqual(trained.GetProperty("metrics").GetProperty("Accuracy").GetDouble(), evaluated.GetProperty("metrics").GetProperty("Accuracy").GetDouble(),
            "the saved model scores as the trained one did");
    }

    [TestMethod]
    public void A_device_without_the_torchsharp_backend_or_twice_is_a_usage_error()
    {
        string dir = TestData.NewFolder("device");
        string data = Path.Combine(DocsDriftTests.RepositoryRoot(), "data", "circles-train.csv");
        string model = Path.Combine(dir, "m.zip");
        CliRunner.Run("train", "--data", data, "--label", "Label", "--task", "binary", "--device", "cuda", "--model", model)
            .Fails(2, "--device cuda", "--backend torchsharp");
        CliRunner.Run("train", "--data", data, "--label", "Label", "--task", "binary", "--backend", "torchsharp:cpu", "--device", "cuda", "--model", model)
            .Fails(2, "already names a device");
        CliRunner.Run("train", "--data", data, "--label", "Label", "--task", "binary", "--backend", "tensorflow", "--model", model)
            .Fails(2, "--backend tensorflow", "known: managed, torchsharp");
        Assert.IsFalse(File.Exists(model), "nothing was trained");
    }
}
