namespace MLNetDeep.Cli.Tests;

[TestClass]
public sealed class AtomicOutputTests
{
    [TestMethod]
    public void A_failed_predict_leaves_the_old_output_intact()
    {
        string dir = TestData.NewFolder("atomic-out");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        string output = Path.Combine(dir, "pred.csv");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();
        CliResult ok = CliRunner.Run("predict", "--model", model, "--data", data, "--out", output).Ok();
        Assert.AreEqual("", ok.Out, "--out writes nothing on stdout");
        byte[] before = File.ReadAllBytes(output);

        // 2,000 good rows, then a bad value: the failure comes after output has started.
        var lines = new List<string> { "x1,x2,color" };
        lines.AddRange(Enumerable.Range(0, 2000).Select(i => $"{i % 90},{i % 7 * 0.1},red"));
        lines.Add("5,notanumber,red");
        string bad = Path.Combine(dir, "bad.csv");
        File.WriteAllLines(bad, lines);
        CliRunner.Run("predict", "--model", model, "--data", bad, "--out", output).Fails(1, "notanumber");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(output));
        Assert.HasCount(0, Directory.GetFiles(dir, "*.tmp"), "no temporary file is left behind");
    }

    [TestMethod]
    public void A_failed_train_leaves_the_old_model_intact()
    {
        string dir = TestData.NewFolder("atomic-model");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();
        byte[] before = File.ReadAllBytes(model);
        string three = TestData.Write(dir, "three.csv", "x1,y\n1,a\n2,b\n3,c\n");
        CliRunner.Run("train", "--data", three, "--label", "y", "--task", "binary", "--model", model).Fails(1);
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--optimizer", "gd", "--lr", "1e30", "--hidden", "64,64").Fails(1, "diverged");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(model));
        Assert.HasCount(0, Directory.GetFiles(dir, "*.tmp"));
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "3").Ok();
        CollectionAssert.AreNotEqual(before, File.ReadAllBytes(model), "a successful run replaces it");
    }
}
