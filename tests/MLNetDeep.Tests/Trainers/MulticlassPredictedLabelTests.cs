namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>
/// The multiclass <c>PredictedLabel</c> is the key of the highest score, with the label's key values: ML.NET's evaluator
/// measures accuracy from <c>Score</c> alone, so an off-by-one key (found by <c>mlnetdeep predict</c>) passes every
/// accuracy test; this checks the key itself.
/// </summary>
[TestClass]
public sealed class MulticlassPredictedLabelTests
{
    [TestMethod]
    public void PredictedLabel_is_the_key_of_the_highest_score_and_maps_back_to_its_class()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Spirals(40, seed: 2));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 5, Seed = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        using var model = pipeline.Fit(data);
        IDataView scored = model.Transform(data);
        uint[] keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        string[] classes = scored.GetColumn<string>("PredictedClass").ToArray();
        string[] names = ["arm-a", "arm-b", "arm-c"];
        for (int i = 0; i < keys.Length; i++)
        {
            int best = Array.IndexOf(scores[i], scores[i].Max());
            Assert.AreEqual((uint)best + 1, keys[i], $"row {i}");
            Assert.AreEqual(names[best], classes[i], $"row {i}");
        }
    }
}
