namespace MLNetDeep.Cli.Tests;

using System.Text.Json;

[TestClass]
public sealed class IdxTests
{
    [TestMethod]
    public void Idx_prefix_trains_multiclass_evaluates_and_predicts()
    {
        string dir = TestData.NewFolder("idx");
        string train = TestData.Idx(dir, count: 160, seed: 1, prefix: "train");
        string test = TestData.Idx(dir, count: 40, seed: 2, prefix: "t10k");
        string model = Path.Combine(dir, "m.zip");
        JsonElement json = CliRunner.Run("train", "--data", train, "--test", test, "--task", "multiclass", "--model", model,
            "--hidden", "16", "--epochs", "30", "--lr", "0.01", "--batch-size", "32", "--json").Ok().Json();
        Assert.IsGreaterThan(0.9, json.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble());
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3" }, info.GetProperty("labelValues").EnumerateArray().Select(v => v.GetString()).ToArray());
        Assert.AreEqual("Vector<Single, 16>", info.GetProperty("inputSchema")[0].GetProperty("type").GetString());
        Assert.AreEqual("Single", info.GetProperty("labelType").GetString());

        JsonElement eval = CliRunner.Run("evaluate", "--model", model, "--data", test, "--json").Ok().Json();
        Assert.AreEqual(json.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), eval.GetProperty("metrics").GetProperty("MicroAccuracy").GetDouble(), 1e-12);
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", test).Ok().Out);
        CollectionAssert.AreEqual(new[] { "Label", "PredictedLabel", "Score.0", "Score.1", "Score.2", "Score.3" }, rows[0]);
        Assert.HasCount(41, rows);
        Assert.IsGreaterThanOrEqualTo(36, rows.Skip(1).Count(r => r[0] == r[1]));
    }
}
