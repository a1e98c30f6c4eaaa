namespace MLNetDeep.Tests.Scoring;

using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;

/// <summary>
/// ML.NET's OnnxTransformer needs its graph in a file. Fitting, saving and loading leave no file behind once the models
/// are disposed (ML.NET's ApplyOnnxModel(Stream) would leave one per call; the trainers do not use it).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TempFileTests
{
    [TestMethod]
    public void Fit_save_and_load_leave_no_temporary_file_once_disposed()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = Directory.CreateTempSubdirectory("mlnetdeep-user-temp-").FullName };
        string[] before = Directory.GetFiles(ModelTempFolder.Path);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(60, seed: 1));
        using var zip = new MemoryStream();
        using (var model = (IDisposable)TrainerCase.For("binary").Pipeline(ml, o => o with { NumberOfEpochs = 1 }).Fit(data))
        {
            Assert.HasCount(before.Length + 1, Directory.GetFiles(ModelTempFolder.Path), "a fitted model holds exactly one graph file");
            ml.Model.Save((ITransformer)model, data.Schema, zip);
            Assert.IsNotNull(ml.Model.GetFeedForwardInfo((ITransformer)model), "reading the record saves to memory, no file");
        }

        CollectionAssert.AreEquivalent(before, Directory.GetFiles(ModelTempFolder.Path), "disposing the fitted model removed its file");
        zip.Position = 0;
        using (var loaded = (IDisposable)ml.Model.Load(zip, out _))
        {
            Assert.HasCount(1, Directory.GetFiles(ml.TempFilePath), "ML.NET's load writes the graph under the user's MLContext.TempFilePath");
        }

        Assert.IsEmpty(Directory.GetFiles(ml.TempFilePath), "disposing the loaded model removed its file");
        Directory.Delete(ml.TempFilePath);
    }

    [TestMethod]
    public void Schema_propagation_writes_no_file()
    {
        var ml = new MLContext(seed: 1);
        string[] before = Directory.GetFiles(ModelTempFolder.Path);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(20, seed: 1));
        _ = ShapeProbe.Of(data.Schema);
        var probe = new ShapeProbe();
        var chain = new Microsoft.ML.Data.EstimatorChain<ITransformer>().Append(probe).Append(TrainerCase.For("multiclass").Trainer(ml));
        _ = chain.GetOutputSchema(probe.GetOutputSchema(ShapeProbe.Of(ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(
            ml.Data.LoadFromEnumerable(TestData.Spirals(10, 1))).GetOutputSchema(ml.Data.LoadFromEnumerable(TestData.Spirals(10, 1)).Schema))));
        CollectionAssert.AreEquivalent(before, Directory.GetFiles(ModelTempFolder.Path));
    }
}
