namespace MLNetDeep.Serving.Tests;

using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class PredictionPoolTests
{
    [TestMethod]
    public void ParallelPredictionsEqualASingleThreadedEngines()
    {
        using var folder = new TempFolder();
        SavePoint(5, folder.File("m.zip"));
        using ServiceProvider services = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile("a", folder.File("m.zip"), watchForChanges: false).FromFile(folder.File("m.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var pool = services.GetRequiredService<PredictionPool<Point, Prediction>>();
        Point[] rows = Moons(2000, 9);
        var ml = new MLContext();
        using var model = (IDisposable)ml.Model.Load(folder.File("m.zip"), out _);
        using var engine = ml.Model.CreatePredictionEngine<Point, Prediction>((ITransformer)model);
        float[] expected = rows.Select(r => engine.Predict(r).Score).ToArray();

        var actual = new float[rows.Length];
        Parallel.For(0, rows.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int r = i % rows.Length;
            float score = (i & 1) == 0 ? pool.Predict("a", rows[r]).Score : pool.Predict(rows[r]).Score;
            if (score != expected[r])
            {
                throw new InvalidOperationException($"row {r}: {score} != {expected[r]}");
            }

            actual[r] = score;
        });
        CollectionAssert.AreEqual(expected, actual);
        CollectionAssert.AreEquivalent(new[] { "a", "" }, pool.ModelNames.ToArray());
        Assert.IsNotNull(pool.GetModel("a"));
    }

    [TestMethod]
    public void AnEngineTakenFromThePoolPredictsUntilItIsReturned()
    {
        using var folder = new TempFolder();
        SavePoint(5, folder.File("m.zip"));
        using ServiceProvider services = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile("a", folder.File("m.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var pool = services.GetRequiredService<PredictionPool<Point, Prediction>>();
        PredictionEngine<Point, Prediction> engine = pool.GetPredictionEngine("a");
        Point[] rows = Moons(10, 3);
        foreach (Point row in rows)
        {
            Assert.AreEqual(pool.Predict("a", row).Score, engine.Predict(row).Score);
        }

        pool.ReturnPredictionEngine("a", engine);
        var e = Assert.ThrowsExactly<ArgumentException>(() => pool.ReturnPredictionEngine("a", engine));
        StringAssert.Contains(e.Message, "already returned");
    }

    [TestMethod]
    public void AddingThePoolTwiceForTheSameTypesAddsToOnePool()
    {
        using var folder = new TempFolder();
        SavePoint(5, folder.File("m.zip"));
        var collection = new ServiceCollection();
        collection.AddPredictionPool<Point, Prediction>().FromFile("a", folder.File("m.zip"), watchForChanges: false);
        collection.AddPredictionPool<Point, Prediction>().FromFile("b", folder.File("m.zip"), watchForChanges: false);
        using ServiceProvider services = collection.BuildServiceProvider();
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, services.GetRequiredService<PredictionPool<Point, Prediction>>().ModelNames.ToArray());
    }

    [TestMethod]
    public void AnUnknownNameListsTheModelsThereAre()
    {
        using var folder = new TempFolder();
        SavePoint(5, folder.File("m.zip"));
        using ServiceProvider services = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile("a", folder.File("m.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var pool = services.GetRequiredService<PredictionPool<Point, Prediction>>();
        var e = Assert.ThrowsExactly<KeyNotFoundException>(() => pool.Predict("b", new Point()));
        StringAssert.Contains(e.Message, "Models: 'a'");
        Assert.ThrowsExactly<KeyNotFoundException>(() => pool.Predict(new Point()));
    }

    [TestMethod]
    public void AMissingBrokenOrLegacyFileFailsWhenThePoolIsFirstResolvedNamingTheFile()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("broken.zip"), "not a zip");
        using (var legacy = ZipFile.Open(folder.File("legacy.zip"), ZipArchiveMode.Create))
        {
            legacy.CreateEntry("manifest.json");
            legacy.CreateEntry("manifest.sha256");
        }

        using ServiceProvider missing = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile(folder.File("none.zip"), watchForChanges: false).Services.BuildServiceProvider();
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => missing.GetRequiredService<PredictionPool<Point, Prediction>>()).Message, "none.zip");
        using ServiceProvider broken = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile(folder.File("broken.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => broken.GetRequiredService<PredictionPool<Point, Prediction>>());
        StringAssert.Contains(e.Message, "broken.zip");
        Assert.IsFalse(e.Message.Contains("   at ", StringComparison.Ordinal));
        using ServiceProvider old = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile(folder.File("legacy.zip"), watchForChanges: false).Services.BuildServiceProvider();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => old.GetRequiredService<PredictionPool<Point, Prediction>>()).Message, "MLNetDeep's own model format");
    }

    [TestMethod]
    public void AModelTheInputTypeDoesNotFitIsRefusedNamingTheFile()
    {
        using var folder = new TempFolder();
        SaveVector(5, folder.File("vector.zip")); // reads a Features vector; Point has X1 and X2
        using ServiceProvider services = new ServiceCollection().AddPredictionPool<Point, Prediction>()
            .FromFile(folder.File("vector.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => services.GetRequiredService<PredictionPool<Point, Prediction>>());
        StringAssert.Contains(e.Message, "vector.zip");
        StringAssert.Contains(e.Message, "Features");
    }
}
