namespace MLNetDeep.Cli.Tests;

using Microsoft.ML;

[TestClass]
public sealed class ExportTests
{
    [TestMethod]
    public void Export_writes_the_network_as_the_library_exports_it()
    {
        string dir = TestData.NewFolder("export");
        string data = TestData.Multiclass(dir);
        string model = Path.Combine(dir, "m.zip");
        string onnx = Path.Combine(dir, "m.onnx");
        CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", model, "--hidden", "8", "--epochs", "2").Ok();
        CliResult exported = CliRunner.Run("export", "--model", model, "--out", onnx).Ok();
        Assert.Contains("input 'Features' float [N, 2]", exported.Out);
        Assert.Contains("ColumnConcatenatingTransformer", exported.Out, "says which steps the file leaves out");

        var ml = new MLContext(seed: 1);
        ITransformer loaded = ml.Model.Load(model, out _);
        CollectionAssert.AreEqual(ml.Model.GetFeedForwardOnnx(loaded), File.ReadAllBytes(onnx));
        (loaded as IDisposable)?.Dispose();
        Assert.HasCount(0, Directory.GetFiles(dir, "*.tmp"));
        CliRunner.Run("export", "--model", Path.Combine(dir, "none.zip"), "--out", onnx).Fails(1, "does not exist");
    }
}
