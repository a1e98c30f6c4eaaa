namespace MLNetDeep.Serving.Tests;

using Microsoft.Extensions.DependencyInjection;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class PredictionEnginePoolTests
{
    [TestMethod]
    public void ParallelPredictionsEqualASingleThreadedEngines()
    {
        using var folder = new TempFolder();
        ITransformer model = SavePoint(5, folder.File("m.zip"));
        using ServiceProvider services = new ServiceCollection().AddPredictionEnginePool<Point, Prediction>()
            .FromFile("a", folder.File("m.zip"), watchForChanges: false).FromFile(folder.File("m.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var pool = services.GetRequiredService<PredictionEnginePool<Point, Prediction>>();
        Point[] rows = Moons(2000, 9);
        var engine = new DeepContext().Model.CreatePredictionEngine<Point, Prediction>(model);
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
    public void AnUnknownNameListsTheModelsThereAre()
    {
        using var folder = new TempFolder();
        SavePoint(5, folder.File("m.zip"));
        using ServiceProvider services = new ServiceCollection().AddPredictionEnginePool<Point, Prediction>()
            .FromFile("a", folder.File("m.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var pool = services.GetRequiredService<PredictionEnginePool<Point, Prediction>>();
        var e = Assert.ThrowsExactly<KeyNotFoundException>(() => pool.Predict("b", new Point()));
        StringAssert.Contains(e.Message, "Models: 'a'");
        Assert.ThrowsExactly<KeyNotFoundException>(() => pool.Predict(new Point()));
    }

    [TestMethod]
    public void AMissingOrBrokenFileFailsWhenThePoolIsFirstResolved()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("broken.zip"), "not a zip");
        using ServiceProvider missing = new ServiceCollection().AddPredictionEnginePool<Point, Prediction>()
            .FromFile(folder.File("none.zip"), watchForChanges: false).Services.BuildServiceProvider();
        Assert.ThrowsExactly<FileNotFoundException>(() => missing.GetRequiredService<PredictionEnginePool<Point, Prediction>>());
        using ServiceProvider broken = new ServiceCollection().AddPredictionEnginePool<Point, Prediction>()
            .FromFile(folder.File("broken.zip"), watchForChanges: false).Services.BuildServiceProvider();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => broken.GetRequiredService<PredictionEnginePool<Point, Prediction>>());
        StringAssert.Contains(e.Message, "not a readable zip");
    }
}
