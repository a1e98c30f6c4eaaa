namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.TestSupport;

[TestClass]
public sealed class OutOfProcessTests
{
    /// <summary>Issue #3: a model saved and loaded in another process predicts bit-identically.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void A_model_trained_in_one_process_predicts_bit_identically_in_another()
    {
        string dir = TestData.NewFolder("oop");
        string data = TestData.Binary(dir, rows: 300);
        string fresh = TestData.Binary(dir, rows: 50, seed: 11, name: "new.csv", withLabel: false);
        string model = Path.Combine(dir, "m.zip");
        string predictions = Path.Combine(dir, "pred.csv");

        var (trainCode, trainOut, trainErr) = RunCli("train", "--data", data, "--label", "y", "--task", "binary", "--model", model,
            "--features", "x1,x2,color", "--hidden", "32,16", "--batch-norm", "--dropout", "0.1", "--epochs", "15", "--json");
        Assert.AreEqual(0, trainCode, trainErr);
        using (System.Text.Json.JsonDocument.Parse(trainOut))
        {
        }

        var (predictCode, predictOut, predictErr) = RunCli("predict", "--model", model, "--data", fresh, "--out", predictions);
        Assert.AreEqual(0, predictCode, predictErr);
        Assert.AreEqual("", predictOut);
        string outOfProcess = File.ReadAllText(predictions);

        // The same model file predicted in this process, through the CLI and through the library directly.
        Assert.AreEqual(outOfProcess, CliRunner.Run("predict", "--model", model, "--data", fresh).Ok().Out);
        var ml = new MLContext(seed: 1);
        ITransformer loaded = ml.Model.Load(model, out _);
        IDataView view = ml.Data.LoadFromTextFile(fresh, new TextLoader.Options
        {
            Separators = [','], HasHeader = true, AllowQuoting = true, MissingRealsAsNaNs = true,
            // The model prepares its label too, so the label column it reads is supplied empty (a field past the last).
            Columns = [new("x1", DataKind.Single, 0), new("x2", DataKind.Single, 1), new("color", DataKind.String, 2), new("y", DataKind.String, 3)],
        });
        IDataView scored = loaded.Transform(view);
        var score = scored.Schema["Score"];
        var probability = scored.Schema["Probability"];
        using DataViewRowCursor cursor = scored.GetRowCursor([score, probability]);
        ValueGetter<float> getScore = cursor.GetGetter<float>(score);
        ValueGetter<float> getProbability = cursor.GetGetter<float>(probability);
        string[][] rows = TestData.ReadCsv(outOfProcess);
        int i = 1;
        while (cursor.MoveNext())
        {
            float s = 0, p = 0;
            getScore(ref s);
            getProbability(ref p);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(float.Parse(rows[i][4], CultureInfo.InvariantCulture)), $"row {i} score");
            Assert.AreEqual(BitConverter.SingleToInt32Bits(p), BitConverter.SingleToInt32Bits(float.Parse(rows[i][5], CultureInfo.InvariantCulture)), $"row {i} probability");
            i++;
        }

        Assert.AreEqual(rows.Length, i);
    }

    /// <summary>Runs the CLI as its own process (with the CLI's dependencies, not the test project's).</summary>
    internal static (int Code, string Out, string Error) RunCli(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "MLNetDeep.Cli.dll");
        ChildResult r = ChildProcess.Run(ChildProcess.Dotnet, [dll, .. args], TimeSpan.FromMinutes(3));
        return (r.ExitCode, r.Out, r.Error);
    }
}
