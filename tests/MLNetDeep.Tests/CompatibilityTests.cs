namespace MLNetDeep.Tests;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Models saved by MLNetDeep 0.1 (tests/MLNetDeep.Tests/Compatibility, written by the probe's make-compat mode) still
/// load and score as they did: the output mappings' contract names and the assembly that holds them are a permanent
/// compatibility contract. Scores may differ in the last bits between CPUs (ONNX Runtime's kernels), hence the tolerance.
/// </summary>
[TestClass]
public sealed class CompatibilityTests
{
    [TestMethod]
    [DataRow("binary-v1")]
    [DataRow("multiclass-v1")]
    [DataRow("regression-v1")]
    public void A_model_saved_by_an_earlier_version_loads_and_scores_the_same(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Compatibility");
        var ml = new MLContext(seed: 1);
        using var model = (IDisposable)ml.Model.LoadChecked(Path.Combine(folder, name + ".zip"), out _);
        string[] actual = ModelProbe.ScoreInProcess(ml, (ITransformer)model, Path.Combine(folder, "features.bin"));
        string[] expected = File.ReadAllLines(Path.Combine(folder, name + ".expected.txt"));
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            var want = Parse(expected[i]);
            var got = Parse(actual[i]);
            CollectionAssert.AreEqual(want.Keys.ToArray(), got.Keys.ToArray(), $"row {i}: the same output columns");
            foreach (var (column, values) in want)
            {
                for (int k = 0; k < values.Length; k++)
                {
                    if (double.TryParse(values[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                    {
                        double g = double.Parse(got[column][k], CultureInfo.InvariantCulture);
                        Assert.AreEqual(w, g, 1e-5 * Math.Max(1, Math.Abs(w)), $"row {i}, {column}[{k}]");
                    }
                    else
                    {
                        Assert.AreEqual(values[k], got[column][k], $"row {i}, {column}");
                    }
                }
            }
        }

        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo((ITransformer)model)!;
        Assert.IsNotNull(info, "the training record is readable");
        Assert.IsEmpty(info.EarlierRuns, "a record from before earlier runs were kept reads as a fresh model's");
        Assert.AreEqual(info.History.Count, info.History[^1].Epoch, "its history is its own run's, from epoch 1");
        Assert.DoesNotContain("earlierRuns", info.ToJson());
    }

    /// <summary>The date featurization (the <c>MLNetDeep.Featurization.DateParts.v1</c> mapping) of a saved model gives the features it gave, and its date column is still found.</summary>
    [TestMethod]
    public void A_date_featurization_saved_by_an_earlier_version_gives_the_same_features()
    {
        string[][] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Compatibility", "dates-v1.expected.txt")).Select(l => l.Split('\t')).ToArray();
        var ml = new MLContext(seed: 1);
        using var model = (IDisposable)ml.Model.LoadChecked(Path.Combine(AppContext.BaseDirectory, "Compatibility", "dates-v1.zip"), out DataViewSchema inputSchema);
        CollectionAssert.AreEqual(new[] { "When" }, PipelineSteps.DateColumns((ITransformer)model, inputSchema).ToArray(), "the scorers still find the date column");
        IDataView dates = ml.Data.LoadFromEnumerable(lines.Select(l => new DateRow { When = l[0] }));
        float[][] actual = ((ITransformer)model).Transform(dates).GetColumn<float[]>("Features").ToArray();
        Assert.HasCount(lines.Length, actual);
        for (int i = 0; i < lines.Length; i++)
        {
            float[] want = lines[i][1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.HasCount(want.Length, actual[i]);
            for (int k = 0; k < want.Length; k++)
            {
                Assert.AreEqual(want[k], actual[i][k], 1e-5f * Math.Max(1, Math.Abs(want[k])), $"'{lines[i][0]}', slot {k}");
            }
        }
    }

    private sealed class DateRow
    {
        public string When { get; set; } = "";
    }

    private static Dictionary<string, string[]> Parse(string line) =>
        line.Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1].Split(','));
}
