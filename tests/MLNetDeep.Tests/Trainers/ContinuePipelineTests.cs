namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>Continuing the network inside a whole pipeline on new raw rows: <c>trainer.Continue(model, rows)</c>.</summary>
[TestClass]
public sealed class ContinuePipelineTests
{
    private sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
    }

    /// <summary>Raw rows in, text label out: label keys, normalization, the network, then the keys back to text.</summary>
    private static IEstimator<ITransformer> Pipeline(MLContext ml, FeedForwardMulticlassTrainer trainer) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    private static FeedForwardMulticlassTrainer Trainer(MLContext ml, int epochs, float rate) =>
        ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { NumberOfEpochs = epochs, LearningRate = rate, HiddenLayers = [16], BatchSize = 32 });

    [TestMethod]
    public void A_loaded_pipeline_continues_on_raw_rows_through_its_own_fitted_steps_and_keeps_every_other_step()
    {
        var ml = new MLContext(seed: 1);
        // The first rows span a smaller range than the new ones: a normalizer fitted again on the new rows would differ.
        IDataView first = ml.Data.LoadFromEnumerable(TestData.Spirals(60, seed: 1).Select(r => { r.Features = [r.Features[0] * 0.5f, r.Features[1] * 0.5f]; return r; }).ToArray());
        IDataView more = ml.Data.LoadFromEnumerable(TestData.Spirals(60, seed: 2));
        string path = Path.Combine(Path.GetTempPath(), $"continue-pipeline-{Guid.NewGuid():N}.zip");
        try
        {
            ITransformer fitted = Pipeline(ml, Trainer(ml, 4, 0.01f)).Fit(first);
            ml.Model.Save(fitted, first.Schema, path);
            ((IDisposable)fitted).Dispose();

            using var loaded = (TransformerChain<ITransformer>)ml.Model.Load(path, out _);
            using TransformerChain<ITransformer> updated = Trainer(ml, 3, 0.001f).Continue(loaded, more);

            // The same steps around the network, shared, not refitted; the network new and continued from the loaded one.
            ITransformer[] old = [.. loaded], now = [.. updated];
            Assert.HasCount(old.Length, now);
            Assert.AreSame(old[0], now[0], "the label's key mapping is the model's");
            Assert.AreSame(old[1], now[1], "the normalizer is the model's, not fitted again on the new rows");
            Assert.AreSame(old[3], now[3], "the step after the network is kept");
            Assert.AreNotSame(old[2], now[2]);
            FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(updated)!;
            Assert.AreEqual(4, info.EarlierEpochs, "the loaded model's four epochs are the earlier run");
            Assert.HasCount(3, info.History);
            Assert.AreEqual(180, info.TrainingRows, "trained on the new rows");

            // What the result is: exactly the network Fit would continue on the rows through the model's steps before it.
            var before = new TransformerChain<ITransformer>(old[..2]);
            using TransformerChain<ITransformer> byHand = Trainer(ml, 3, 0.001f).Fit(before.Transform(more), ml.Model.GetFeedForwardPredictionTransformer(loaded));
            CollectionAssert.AreEqual(ml.Model.GetFeedForwardOnnx(byHand), ml.Model.GetFeedForwardOnnx(updated), "the same weights as Fit on the prepared rows");

            // And it scores raw rows to text labels, as the loaded model did.
            var engine = ml.Model.CreatePredictionEngine<PointRow, Prediction>(updated);
            Assert.Contains(engine.Predict(TestData.Spirals(1, seed: 3)[0]).PredictedLabel, new[] { "arm-a", "arm-b", "arm-c" });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Nested_chains_are_flattened_validation_rows_go_through_the_same_steps_and_the_last_network_is_trained()
    {
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromEnumerable(TestData.Spirals(40, seed: 1));
        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(rows);
        ITransformer normalize = ml.Transforms.NormalizeMinMax("Features").Fit(rows);
        IDataView prepared = normalize.Transform(keys.Transform(rows));
        using TransformerChain<ITransformer> network = Trainer(ml, 2, 0.01f).Fit(prepared);
        var nested = new TransformerChain<ITransformer>(new TransformerChain<ITransformer>(keys, normalize), network);

        IDataView validation = ml.Data.LoadFromEnumerable(TestData.Spirals(20, seed: 4));
        using TransformerChain<ITransformer> updated = Trainer(ml, 2, 0.001f).Continue(nested, rows, validation);
        Assert.HasCount(3, [.. updated], "keys, normalizer and the network, one chain");
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(updated)!;
        Assert.AreEqual(60, info.ValidationRows);
        Assert.IsTrue(info.History.All(e => e.ValidationLoss is double v && double.IsFinite(v)), "the validation rows were read through the keys and the normalizer");
    }

    [TestMethod]
    public void A_pipeline_without_a_network_is_refused_naming_it()
    {
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromEnumerable(TestData.Spirals(10, seed: 1));
        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(rows);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, 1, 0.01f).Continue(keys, rows));
        StringAssert.Contains(e.Message, "holds no MLNetDeep feed-forward network to continue");
        Assert.AreEqual("model", e.ParamName);
    }
}
