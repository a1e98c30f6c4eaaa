namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary>Validation data, early stopping, cancellation and checkpoints through the ML.NET trainers.</summary>
[TestClass]
public sealed class TrainingControlTests
{
    [TestMethod]
    public void Fit_with_a_validation_set_records_validation_curves_and_stops_early()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TestData.Circles(300, seed: 1));
        IDataView validation = ml.Data.LoadFromEnumerable(TestData.Circles(100, seed: 2));
        var trainer = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = 500, EarlyStoppingPatience = 5, EarlyStoppingMinDelta = 1e-3, LearningRate = 0.05f, DropoutRate = 0f,
        });
        using TransformerChain<ITransformer> model = trainer.Fit(train, validation);
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(model)!;
        Assert.IsTrue(info.StoppedEarly, $"stopped after {info.History.Count} of 500 epochs");
        Assert.IsLessThan(500, info.History.Count);
        Assert.IsTrue(info.History.All(r => r.ValidationLoss is double), "every epoch has a validation loss");
        Assert.AreEqual(100, info.ValidationRows);
        Assert.AreEqual(300, info.TrainingRows);
        double best = info.History.Min(r => r.ValidationLoss!.Value);
        Assert.AreEqual(best, info.History[info.BestEpoch - 1].ValidationLoss!.Value, "BestEpoch is the epoch of the lowest validation loss");
    }

    [TestMethod]
    public void Options_the_other_options_make_irrelevant_are_ml_net_warnings_in_the_log()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(e);
                }
            }
        };
        IDataView train = ml.Data.LoadFromEnumerable(TestData.Circles(100, seed: 1));
        IDataView validation = ml.Data.LoadFromEnumerable(TestData.Circles(50, seed: 2));
        var options = new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 1, Optimizer = Neural.Optimizers.OptimizerKind.Momentum, Momentum = 0.8f, AdamBeta1 = 0.85f,
            AdamBeta2 = 0.999f, RestoreBestWeights = false, ValidationFraction = 0.2f,
        };
        using (ml.BinaryClassification.Trainers.FeedForward(options).Fit(train, validation))
        {
        }

        string[] messages = warnings.Select(w => w.RawMessage).ToArray();
        CollectionAssert.AreEquivalent(new[]
        {
            "AdamBeta1 = 0.85 is not used: it applies to Optimizer adam or adamw, not momentum.",
            "RestoreBestWeights = false is not used: it applies with EarlyStoppingPatience.",
            "ValidationFraction = 0.2 is not used: validation data was given to Fit.",
        }, messages, string.Join("\n", messages)); // AdamBeta2 = 0.999 is its default: not set, so no warning
        Assert.IsTrue(warnings.All(w => w.Source.StartsWith("FeedForwardBinaryTrainer", StringComparison.Ordinal)), warnings[0].Source);

        warnings.Clear();
        using (ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 1 }).Fit(train))
        {
        }

        Assert.IsEmpty(warnings, "the defaults warn of nothing");
    }

    [TestMethod]
    public void A_validation_fraction_is_held_out_from_the_training_rows()
    {
        var ml = new MLContext(seed: 1);
        using var model = (TransformerChain<ITransformer>)TrainerCase.For("regression").Trainer(ml, o => o with { ValidationFraction = 0.25f, NumberOfEpochs = 3 })
            .Fit(ml.Data.LoadFromEnumerable(TestData.Surface(200, seed: 1)));
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(model)!;
        Assert.AreEqual(50, info.ValidationRows);
        Assert.AreEqual(150, info.TrainingRows);
    }

    [TestMethod]
    public void Cancelling_stops_within_a_mini_batch()
    {
        var ml = new MLContext(seed: 1);
        using var cancel = new CancellationTokenSource();
        int epochs = 0;
        var trainer = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 1000, BatchSize = 8,
            Progress = r =>
            {
                epochs = r.Epoch;
                if (r.Epoch == 2)
                {
                    cancel.Cancel();
                }
            },
        });
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(ml.Data.LoadFromEnumerable(TestData.Circles(200, 1)), null, cancel.Token));
        Assert.AreEqual(2, epochs, "no epoch completed after the cancellation");
    }

    [TestMethod]
    public void A_run_resumed_from_its_checkpoint_ends_with_the_same_model_bytes()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Spirals(60, seed: 1));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(data).Transform(data);
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-checkpoint-").FullName;
        try
        {
            FeedForwardMulticlassTrainer.Options options = new() { HiddenLayers = [16, 16], NumberOfEpochs = 8, BatchSize = 32, DropoutRate = 0.1f, CheckpointFolder = folder };
            byte[] Train(FeedForwardMulticlassTrainer.Options o)
            {
                using TransformerChain<ITransformer> model = ml.MulticlassClassification.Trainers.FeedForward(o).Fit(keyed);
                return ml.Model.GetFeedForwardOnnx(model)!;
            }

            byte[] whole = Train(options with { CheckpointFolder = null });
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => ml.MulticlassClassification.Trainers.FeedForward(options with
            {
                Progress = r =>
                {
                    if (r.Epoch == 5)
                    {
                        stop.Cancel();
                    }
                },
            }).Fit(keyed, null, stop.Token));
            Assert.IsTrue(File.Exists(Path.Combine(folder, "training.ckpt")), "a checkpoint was written");
            var resumedEpochs = new List<int>();
            byte[] resumed = Train(options with { ResumeFromCheckpoint = true, Progress = r => resumedEpochs.Add(r.Epoch) });
            CollectionAssert.AreEqual(new[] { 6, 7, 8 }, resumedEpochs, "the resumed run trains only the missing epochs");
            CollectionAssert.AreEqual(whole, resumed, "resumed and uninterrupted runs give the same model bytes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Example_weights_change_the_model()
    {
        var ml = new MLContext(seed: 1);
        PointRow[] rows = TestData.Circles(200, seed: 1);
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].Weight = rows[i].Label ? 5f : 0.5f;
        }

        IDataView data = ml.Data.LoadFromEnumerable(rows);
        byte[] Train(string? weight)
        {
            using var model = (TransformerChain<ITransformer>)TrainerCase.For("binary").Trainer(ml, o => o with { NumberOfEpochs = 3, ExampleWeightColumnName = weight }).Fit(data);
            return ml.Model.GetFeedForwardOnnx(model)!;
        }

        CollectionAssert.AreNotEqual(Train(null), Train("Weight"));
    }
}
