namespace MLNetDeep.Tests.Models;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>The one naming of a pipeline's steps that <c>mlnetdeep info</c>, the model server and the reports show.</summary>
[TestClass]
public sealed class PipelineStepsTests
{
    [TestMethod]
    public void Nested_chains_are_flattened_in_order_and_generic_steps_named_as_CSharp_writes_them()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(40, seed: 1));
        ITransformer inner = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 2))
            .Fit(data);
        ITransformer copy = ml.Transforms.CopyColumns("Copy", "Score").Fit(inner.Transform(data));
        var model = new TransformerChain<ITransformer>(inner, copy);

        string[] names = PipelineSteps.Of(model).Select(PipelineSteps.Name).ToArray();

        CollectionAssert.AreEqual(
            new[] { "NormalizingTransformer", "BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>", "ColumnCopyingTransformer" },
            names);
        Assert.AreEqual("ColumnCopyingTransformer", PipelineSteps.Name(PipelineSteps.Of(copy).Single()));
    }
}
