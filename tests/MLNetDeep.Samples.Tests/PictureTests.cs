namespace MLNetDeep.Samples.Tests;

using System.Text.RegularExpressions;
using MLNetDeep.Samples.BatchNormalization;
using MLNetDeep.Samples.Initialization;
using MLNetDeep.Samples.LearningRateDecay;

/// <summary>
/// The course's pictures (issue 7): with <c>--svg DIR</c> the samples write their charts into DIR (created if missing),
/// named after the models, and print the paths; without the flag they write nothing. Short runs: the pictures are
/// checked for their kind and series, not for what the models learned (the experiment tests do that).
/// </summary>
[TestClass]
public sealed partial class PictureTests
{
    [TestMethod]
    public void Initialization_Svg_DrawsEachModelsDecisionBoundaryAndTheCostCurves()
    {
        var (train, test) = InitializationExperiment.DefaultData();
        IReadOnlyList<CourseModel> models = InitializationExperiment.RunModels(train, test, iterations: 2000);
        string dir = TempFolder();
        try
        {
            Assert.IsEmpty(InitializationExperiment.Draw(models, train, []));
            Assert.IsFalse(Directory.Exists(dir));

            IReadOnlyList<string> paths = [];
            string output = ConsoleCapture.Run(() => paths = InitializationExperiment.Draw(models, train, ["--svg", dir]));
            string[] names = ["zeros", "large-random", "he", "cost"];
            CollectionAssert.AreEqual(names.Select(n => Path.Combine(dir, n + ".svg")).ToArray(), paths.ToArray());
            int ones = train.Targets.Count(t => t > 0.5f);
            foreach (string name in names[..3])
            {
                string svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
                StringAssert.Contains(svg, "data-chart=\"decision-boundary\"", name);
                CollectionAssert.AreEqual(new[] { ("class 0", train.Count - ones), ("class 1", ones) }, Series(svg), name);
            }

            string cost = File.ReadAllText(Path.Combine(dir, "cost.svg"));
            StringAssert.Contains(cost, "data-chart=\"cost\"");
            // 2000 iterations: the cost every 200 (the course's every 1000, shortened to ten points for a short run).
            CollectionAssert.AreEqual(models.Select(m => (m.Row.Model, 10)).ToArray(), Series(cost));
            foreach (string path in paths)
            {
                StringAssert.Contains(output, $"wrote {path}");
            }
        }
        finally
        {
            DeleteTempFolder(dir);
        }
    }

    [TestMethod]
    public void BatchNormalization_Svg_DrawsBothLossCurvesOnOneChart_OnePointPerEpoch()
    {
        var (train, test) = BatchNormalizationExperiment.DefaultData();
        var runs = BatchNormalizationExperiment.Run(train, test, new BatchNormalizationSettings { Epochs = 8 });
        string dir = TempFolder();
        try
        {
            ConsoleCapture.Run(() => BatchNormalizationExperiment.Draw(runs, ["--svg", dir]));
            string loss = File.ReadAllText(Path.Combine(dir, "loss.svg"));
            StringAssert.Contains(loss, "data-chart=\"loss\"");
            CollectionAssert.AreEqual(new[] { ("Without batch norm", 8), ("With batch norm", 8) }, Series(loss));
            string accuracy = File.ReadAllText(Path.Combine(dir, "accuracy.svg"));
            StringAssert.Contains(accuracy, "data-chart=\"metric\"");
            CollectionAssert.AreEqual(new[] { ("Without batch norm", 8), ("With batch norm", 8) }, Series(accuracy));
        }
        finally
        {
            DeleteTempFolder(dir);
        }
    }

    [TestMethod]
    public void LearningRateDecay_Svg_DrawsTheThreeSchedulesAndEachModelsDecisionBoundary()
    {
        var (train, test) = LearningRateDecayExperiment.DefaultData();
        var runs = LearningRateDecayExperiment.Run(train, test, epochs: 40);
        string dir = TempFolder();
        try
        {
            ConsoleCapture.Run(() => LearningRateDecayExperiment.Draw(runs, train, ["--json", "--svg", dir]));
            string rates = File.ReadAllText(Path.Combine(dir, "learning-rate.svg"));
            StringAssert.Contains(rates, "data-chart=\"learning-rate\"");
            CollectionAssert.AreEqual(LearningRateDecayExperiment.Schedules.Select(s => (s, 40)).ToArray(), Series(rates));
            foreach (string name in new[] { "gd-no-decay", "gd-decay-every-epoch", "gd-stepped", "momentum-stepped", "adam-stepped" })
            {
                string svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
                StringAssert.Contains(svg, "data-chart=\"decision-boundary\"", name);
                Assert.AreEqual(train.Count, Series(svg).Sum(s => s.Points), name);
            }
        }
        finally
        {
            DeleteTempFolder(dir);
        }
    }

    [TestMethod]
    public void SvgFolder_NeedsAFolderAfterTheFlag_AndKeepsJsonOutputClean()
    {
        Assert.IsNull(SvgFolder.FromArgs(["--json"]));
        Assert.ThrowsExactly<ArgumentException>(() => SvgFolder.FromArgs(["--svg"]));
        string dir = TempFolder();
        try
        {
            SvgFolder folder = SvgFolder.FromArgs(["--json", "--svg", dir])!;
            string stdout = ConsoleCapture.Run(() => folder.Write("x", "<svg/>"));
            Assert.AreEqual("", stdout);
            Assert.AreEqual("<svg/>", File.ReadAllText(Path.Combine(dir, "x.svg")));
        }
        finally
        {
            DeleteTempFolder(dir);
        }
    }

    private static (string Name, int Points)[] Series(string svg) =>
        [.. SeriesPattern().Matches(svg).Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))];

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "mlnetdeep-svg-" + Guid.NewGuid().ToString("N"), "pictures");

    private static void DeleteTempFolder(string dir)
    {
        string? parent = Path.GetDirectoryName(dir);
        if (parent is not null && Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [GeneratedRegex("<g class=\"series[^\"]*\" data-series=\"([^\"]*)\" data-points=\"(\\d+)\"")]
    private static partial Regex SeriesPattern();
}
