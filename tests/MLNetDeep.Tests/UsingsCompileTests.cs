// Issue 11: with `using Microsoft.ML; using MLNetDeep; using MLNetDeep.Trainers;` nothing may be ambiguous. This file
// compiles only if none of the types a plain ML.NET program names unqualified collides with one of ours (CS0104), so
// the build itself is the check; the test below only makes the program run.
namespace MLNetDeep.Tests;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using MLNetDeep;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

[TestClass]
public sealed class UsingsCompileTests
{
    [TestMethod]
    public void A_plain_MLNET_program_with_our_namespaces_compiles_and_runs()
    {
        MLContext ml = new(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(50, seed: 1));
        DataViewSchema schema = data.Schema;
        TextLoader.Options loaderOptions = new() { HasHeader = true, Separators = [','] };
        IEstimator<ITransformer> normalize = ml.Transforms.NormalizeMinMax("Features");
        EstimatorChain<ITransformer> chain = new EstimatorChain<ITransformer>().Append(normalize);
        SdcaLogisticRegressionBinaryTrainer sdca = ml.BinaryClassification.Trainers.SdcaLogisticRegression();
        ValueToKeyMappingEstimator keys = ml.Transforms.Conversion.MapValueToKey("Key", "Label");
        FeedForwardBinaryTrainer ours = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 });
        ITransformer model = chain.Append(ours).Fit(data);
        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        PredictionEngine<PointRow, MLNetDeep.Tests.Trainers.EstimatorContractTests.BinaryPrediction> engine = ml.Model.CreatePredictionEngine<PointRow, MLNetDeep.Tests.Trainers.EstimatorContractTests.BinaryPrediction>(model);
        Assert.IsNotNull(engine.Predict(new PointRow { Features = [0.1f, 0.2f] }));
        Assert.IsTrue(metrics.Accuracy is >= 0 and <= 1);
        Assert.IsNotNull(loaderOptions);
        Assert.IsNotNull(schema);
        Assert.IsNotNull(sdca);
        Assert.IsNotNull(keys);
        Assert.IsNotEmpty(FeedForwardKnobs.All);
        (model as IDisposable)?.Dispose();
    }
}
