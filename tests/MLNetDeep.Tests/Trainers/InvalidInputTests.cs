namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Trainers;

/// <summary>
/// Bad inputs are rejected before any training, from GetOutputSchema (ML.NET's schema propagation, which an
/// EstimatorChain runs before fitting) as well as from Fit, with the column, the type found and the type expected.
/// </summary>
[TestClass]
public sealed class InvalidInputTests
{
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [0.5f, 1];

        public float Scalar { get; set; }

        public double[] Doubles { get; set; } = [1, 2];

        public float[] Variable { get; set; } = [1, 2];

        public bool Flag { get; set; }

        public float Number { get; set; } = 1;

        public string Text { get; set; } = "a";

        public double Weight { get; set; } = 1;
    }

    public static IEnumerable<object[]> Cases()
    {
        // task, option tweak, the words the message must contain
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { FeatureColumnName = "Missing" }), new[] { "'Missing'", "not in the", "Columns:" }];
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { FeatureColumnName = "Scalar" }), new[] { "'Scalar'", "known-size vector of Single", "found Single" }];
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { FeatureColumnName = "Doubles" }), new[] { "'Doubles'", "known-size vector of Single", "Double" }];
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { FeatureColumnName = "Variable" }), new[] { "'Variable'", "variable size" }];
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Text" }), new[] { "label column 'Text'", "must be Boolean or Single", "found String" }];
        yield return ["multiclass", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Text" }), new[] { "label column 'Text'", "must be a key", "found String", "MapValueToKey" }];
        yield return ["multiclass", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Number" }), new[] { "label column 'Number'", "must be a key", "found Single" }];
        yield return ["regression", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Flag" }), new[] { "label column 'Flag'", "must be Single", "found Boolean" }];
        yield return ["regression", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Missing" }), new[] { "label column 'Missing'", "not in the" }];
        yield return ["binary", (Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>)(o => o with { LabelColumnName = "Flag", ExampleWeightColumnName = "Weight" }), new[] { "example weight column 'Weight'", "must be Single", "found Double" }];
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void A_bad_column_is_named_with_its_type_before_training(string task, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions> tweak, string[] words)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(_ => new Row()).ToArray());
        int epochs = 0;
        IEstimator<ITransformer> trainer = TrainerCase.For(task).Trainer(ml, o => tweak(o with { LabelColumnName = task == "regression" ? "Number" : "Flag", Progress = _ => epochs++ }));
        Exception fit = Assert.Throws<ArgumentException>(() => trainer.Fit(data));
        Exception chain = Assert.Throws<ArgumentException>(() => new EstimatorChain<ITransformer>().Append(trainer).Fit(data));
        foreach (Exception e in new[] { fit, chain })
        {
            foreach (string word in words)
            {
                StringAssert.Contains(e.Message, word);
            }
        }

        Assert.AreEqual(0, epochs, "nothing trained");
    }

    [TestMethod]
    public void Bad_options_name_the_option_and_the_value_when_the_trainer_is_made()
    {
        var ml = new MLContext();
        var e = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { DropoutRate = 1.5f }));
        StringAssert.Contains(e.Message, "DropoutRate is 1.5");
        e = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options { BatchSize = 0 }));
        StringAssert.Contains(e.Message, "BatchSize");
        e = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { HiddenLayers = [8, 0] }));
        StringAssert.Contains(e.Message, "HiddenLayers[1] is 0");
    }

    [TestMethod]
    public void Nesterov_without_momentum_is_refused_when_the_trainer_is_made()
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { Nesterov = true }));
        StringAssert.Contains(e.Message, "Nesterov is true but the optimizer is Adam");
        Assert.IsNotNull(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { Nesterov = true, Optimizer = OptimizerKind.Momentum }));
    }

    [TestMethod]
    public void A_schedule_that_cannot_do_what_it_says_is_refused_naming_the_option()
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options
        {
            NumberOfEpochs = 3, LearningRateSchedule = MLNetDeep.Neural.Schedules.LearningRateSchedule.Cosine(100),
        }));
        Assert.AreEqual("LearningRateSchedule", e.ParamName);
        StringAssert.StartsWith(e.Message, "LearningRateSchedule is cosine:100:0; its warm-up of 100 epochs is longer than the 3 epochs of training");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options
        {
            LearningRate = 0.001f, LearningRateSchedule = MLNetDeep.Neural.Schedules.LearningRateSchedule.Cosine(0, 0.01),
        }));
        StringAssert.Contains(e.Message, "minimum rate 0.01 is above the learning rate 0.001");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { LearningRateSchedule = null! }));
        Assert.AreEqual("LearningRateSchedule", e.ParamName, "was the engine's 'Schedule'");
    }

    [TestMethod]
    public void Batch_size_1_with_batch_norm_is_refused_and_without_it_accepted()
    {
        // It trained to 0.5 accuracy: every batch-normed unit of a one-example batch is 0.
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { BatchSize = 1 }));
        Assert.AreEqual("BatchSize", e.ParamName);
        StringAssert.StartsWith(e.Message, "BatchSize is 1 with BatchNormalization");
        Assert.IsNotNull(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { BatchSize = 1, BatchNormalization = false }));
        Assert.IsNotNull(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { BatchSize = 1, HiddenLayers = [] }), "no hidden layer, no batch norm layer");
        Assert.IsNotNull(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { BatchSize = 2 }));
    }

    [TestMethod]
    public void Resume_without_a_folder_and_a_bad_min_delta_without_early_stopping_are_refused()
    {
        // Both were accepted and ignored: resume trained from scratch, the delta was never looked at.
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { ResumeFromCheckpoint = true }));
        Assert.AreEqual("ResumeFromCheckpoint", e.ParamName);
        StringAssert.Contains(e.Message, "CheckpointFolder is not set");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { EarlyStoppingMinDelta = -1 }));
        StringAssert.StartsWith(e.Message, "EarlyStoppingMinDelta is -1; it must be non-negative and finite.");
    }

    [TestMethod]
    public void A_checkpoint_folder_that_is_a_file_fails_before_the_first_epoch()
    {
        var ml = new MLContext();
        string file = Path.GetTempFileName();
        try
        {
            int epochs = 0;
            var e = Assert.ThrowsExactly<IOException>(() => TrainerCase.For("binary").Trainer(ml, o => o with { CheckpointFolder = file, Progress = _ => epochs++ })
                .Fit(ml.Data.LoadFromEnumerable(TestData.Circles(40, 1))));
            StringAssert.Contains(e.Message, $"Cannot write checkpoints to '{file}': it is a file, not a folder.");
            Assert.AreEqual(0, epochs, "it used to fail only when the first checkpoint was written, after an epoch");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void A_non_finite_feature_names_the_row_and_slot()
    {
        var ml = new MLContext();
        PointRow[] rows = TestData.Circles(30, seed: 1);
        rows[17].Features[1] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TrainerCase.For("binary").Trainer(ml).Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "row 17");
        StringAssert.Contains(e.Message, "slot 1 is NaN");
        StringAssert.Contains(e.Message, "ReplaceMissingValues");
    }

    [TestMethod]
    public void Rows_with_a_missing_label_are_skipped_and_none_left_is_an_error()
    {
        var ml = new MLContext();
        PointRow[] rows = TestData.Surface(40, seed: 1);
        foreach (PointRow r in rows)
        {
            r.Value = float.NaN;
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => TrainerCase.For("regression").Trainer(ml).Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "no rows with a label in column 'Value'");
        StringAssert.Contains(e.Message, "40 rows have a missing label");
    }

    [TestMethod]
    public void A_feature_column_named_like_an_output_is_refused()
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentException>(() => TrainerCase.For("binary").Trainer(ml, o => o with { FeatureColumnName = "Score" })
            .Fit(ml.Data.LoadFromEnumerable(TestData.Circles(10, 1))));
        StringAssert.Contains(e.Message, "CopyColumns");
    }
}
