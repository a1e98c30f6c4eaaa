namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Onnx;
using MLNetDeep.Trainers;

/// <summary>Continuing to train a fitted model's network on new data: <c>trainer.Fit(data, ml.Model.GetFeedForwardPredictionTransformer(model))</c>.</summary>
[TestClass]
public sealed class ContinueTrainingTests
{
    /// <summary>A fitted case: the data prepared by the case's prefix, and the network fitted on it.</summary>
    private sealed class Fitted(MLContext ml, TrainerCase c, IDataView prepared, TransformerChain<ITransformer> model) : IDisposable
    {
        public IDataView Prepared => prepared;

        public TransformerChain<ITransformer> Model => model;

        public FeedForwardModelInfo Info { get; } = ml.Model.GetFeedForwardInfo(model)!;

        public FeedForwardPredictionTransformer Network { get; } = ml.Model.GetFeedForwardPredictionTransformer(model);

        public FeedForwardTrainerBase Trainer(Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null) => (FeedForwardTrainerBase)c.Trainer(ml, tweak);

        public void Dispose() => model.Dispose();

        public static Fitted Of(MLContext ml, string name, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null, int rows = 300)
        {
            TrainerCase c = TrainerCase.For(name);
            IDataView data = ml.Data.LoadFromEnumerable(c.Rows(rows, seed: 1));
            IDataView prepared = c.Prefix(ml).Fit(data).Transform(data);
            return new Fitted(ml, c, prepared, ((FeedForwardTrainerBase)c.Trainer(ml, tweak)).Fit(prepared));
        }
    }

    [TestMethod]
    [DataRow("binary", true, 0f)]
    [DataRow("multiclass", true, 0f)]
    [DataRow("regression", true, 0f)]
    [DataRow("binary", false, 0f)]
    [DataRow("regression", false, 0f)]
    [DataRow("multiclass", true, 0.3f)]
    public void The_restored_network_folds_back_to_the_models_exact_graph(string task, bool batchNorm, float dropout)
    {
        // What a model continued for 0 epochs would be: the network restored from the graph (batch norm unfolded with the
        // recorded parameters, the regression scale undone) exports to the very same weights, so it scores identically;
        // also when the continuation adds dropout layers the model did not have (its Gemms are matched in order).
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, task, o => o with { NumberOfEpochs = 5, BatchNormalization = batchNorm });
        FeedForwardModelInfo info = fitted.Info;
        FeedForwardTrainerOptions options = fitted.Trainer(o => o with { BatchNormalization = batchNorm, DropoutRate = dropout }) switch
        {
            FeedForwardBinaryTrainer b => b.TrainerOptions,
            FeedForwardMulticlassTrainer m => m.TrainerOptions,
            FeedForwardRegressionTrainer r => r.TrainerOptions,
            _ => throw new InvalidOperationException(),
        };
        InitialNetwork initial = InitialNetwork.Open(fitted.Network, info.Task, options, "test");
        Network network = options.ToArchitecture().Build(info.FeatureCount, info.OutputCount);
        network.Initialize(seed: 99);
        float scale = (float)(info.LabelStandardDeviation ?? 1), offset = (float)(info.LabelMean ?? 0);
        initial.Restore(network, scale, offset);

        OnnxModelInfo original = OnnxModelReader.Read(fitted.Network.Onnx);
        OnnxModelInfo again = OnnxModelReader.Read(OnnxExport.ToOnnx(network, new OnnxExportOptions
        {
            InputName = info.FeatureColumnName,
            Head = task switch { "binary" => OnnxHead.Binary, "multiclass" => OnnxHead.Multiclass, _ => OnnxHead.Regression },
            ScoreSlotNames = info.ClassNames.Count > 0 ? info.ClassNames : null,
            TargetScale = scale,
            TargetOffset = offset,
            MetadataProps = InitialNetwork.Metadata(network),
        }));
        Assert.AreEqual(batchNorm, original.MetadataProps.ContainsKey(InitialNetwork.BatchNormKey), "the batch-norm parameters are recorded exactly when there is batch norm");
        Assert.AreEqual(original.MetadataProps.GetValueOrDefault(InitialNetwork.BatchNormKey), again.MetadataProps.GetValueOrDefault(InitialNetwork.BatchNormKey));
        var floats = original.Initializers.Where(t => t.ElementType == OnnxTensorElementType.Float).ToArray();
        Assert.IsGreaterThanOrEqualTo(3, floats.Length);
        string[] Gemms(OnnxModelInfo m) => [.. m.Nodes.Where(n => n.OpType == "Gemm").SelectMany(n => n.Inputs.Skip(1))];
        Assert.HasCount(floats.Length, Gemms(original), "every float initializer is a Gemm's");
        foreach ((string before, string after) in Gemms(original).Zip(Gemms(again)))
        {
            float[] expected = original.Initializers.Single(t => t.Name == before).ToSingleArray(), actual = again.Initializers.Single(t => t.Name == after).ToSingleArray();
            CollectionAssert.AreEqual(expected, actual, $"{task}: {before} exports to the same values (as {after})");
        }
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Continuing_starts_where_the_model_left_off_and_improves_it(string task)
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, task, o => o with { NumberOfEpochs = 8 });
        IDataView test = fitted.Prepared;
        double before = TrainerCase.For(task).Quality(ml, fitted.Model.Transform(test));

        using TransformerChain<ITransformer> fresh = fitted.Trainer(o => o with { NumberOfEpochs = 30, LearningRate = 0.002f }).Fit(fitted.Prepared);
        using TransformerChain<ITransformer> continued = fitted.Trainer(o => o with { NumberOfEpochs = 30, LearningRate = 0.002f }).Fit(fitted.Prepared, fitted.Network);
        FeedForwardModelInfo freshInfo = ml.Model.GetFeedForwardInfo(fresh)!, continuedInfo = ml.Model.GetFeedForwardInfo(continued)!;
        double left = fitted.Info.History[^1].Loss, start = continuedInfo.History[0].Loss, freshStart = freshInfo.History[0].Loss;
        Assert.IsLessThan(freshStart * 0.6, start, $"{task}: the continued run's first epoch loss {start} is the model's ({left}), not a fresh network's ({freshStart})");
        Assert.IsLessThan(left * 1.5, start, $"{task}: the first epoch continues from the model's loss {left}");
        Assert.IsLessThan(left, continuedInfo.History.Min(r => r.Loss), $"{task}: training goes on lowering the loss");
        double after = TrainerCase.For(task).Quality(ml, continued.Transform(test));
        Assert.IsGreaterThan(before, after, $"{task}: quality {before} -> {after}");
        Assert.AreEqual(fitted.Info.LabelMean, continuedInfo.LabelMean, "a regression model's label scaling is kept");
        Assert.AreEqual(fitted.Info.LabelStandardDeviation, continuedInfo.LabelStandardDeviation);
        Assert.AreEqual(30, continuedInfo.History.Count, "the record holds this run's epochs");

        // The same seed, data and options give the same continued model.
        using TransformerChain<ITransformer> again = fitted.Trainer(o => o with { NumberOfEpochs = 30, LearningRate = 0.002f }).Fit(fitted.Prepared, fitted.Network);
        CollectionAssert.AreEqual(ml.Model.GetFeedForwardOnnx(continued), ml.Model.GetFeedForwardOnnx(again), "reproducible from the seed");
    }

    [TestMethod]
    public void A_continued_model_can_be_saved_loaded_and_continued_again()
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 3 });
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-continue-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(fitted.Model, fitted.Prepared.Schema, path);
            using var loaded = (TransformerChain<ITransformer>)ml.Model.Load(path, out _);
            using TransformerChain<ITransformer> continued = fitted.Trainer(o => o with { NumberOfEpochs = 2 }).Fit(fitted.Prepared, ml.Model.GetFeedForwardPredictionTransformer(loaded));
            using TransformerChain<ITransformer> twice = fitted.Trainer(o => o with { NumberOfEpochs = 2 }).Fit(fitted.Prepared, ml.Model.GetFeedForwardPredictionTransformer(continued));
            Assert.IsLessThan(fitted.Info.History[^1].Loss, ml.Model.GetFeedForwardInfo(twice)!.History[^1].Loss);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The babysitting loop: train, continue with a lower learning rate, continue again. The last model's record keeps
    /// both earlier runs' epochs in order on one axis, with their learning rates, while its own history, best and model
    /// epoch still count its own run; the record survives save and load, and a fresh model has no earlier runs.
    /// </summary>
    [TestMethod]
    public void A_model_continued_twice_keeps_both_earlier_runs_epochs_in_order_with_their_learning_rates()
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 3, LearningRate = 0.01f });
        Assert.IsEmpty(fitted.Info.EarlierRuns, "a fresh model has no earlier runs");
        Assert.AreEqual(0, fitted.Info.EarlierEpochs);
        Assert.AreEqual("", fitted.Info.DescribeEarlierRuns());
        Assert.DoesNotContain("earlierRuns", fitted.Info.ToJson(), "a fresh model's record is as before");

        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-watched-{Guid.NewGuid():N}.zip");
        try
        {
            using TransformerChain<ITransformer> continued = fitted.Trainer(o => o with { NumberOfEpochs = 2, LearningRate = 0.003f }).Fit(fitted.Prepared, fitted.Network);
            ml.Model.Save(continued, fitted.Prepared.Schema, path);
            using var loaded = (TransformerChain<ITransformer>)ml.Model.Load(path, out _);
            using TransformerChain<ITransformer> twice = fitted.Trainer(o => o with { NumberOfEpochs = 4, LearningRate = 0.001f })
                .Fit(fitted.Prepared, ml.Model.GetFeedForwardPredictionTransformer(loaded));
            FeedForwardModelInfo once = ml.Model.GetFeedForwardInfo(continued)!, info = ml.Model.GetFeedForwardInfo(twice)!;

            Assert.HasCount(1, once.EarlierRuns);
            Assert.AreEqual("3 earlier epochs in 1 earlier run, 5 in all", once.DescribeEarlierRuns());
            Assert.HasCount(2, info.EarlierRuns);
            FeedForwardEarlierRun first = info.EarlierRuns[0], second = info.EarlierRuns[1];
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, first.History.Select(e => e.Epoch).ToArray());
            CollectionAssert.AreEqual(new[] { 4, 5 }, second.History.Select(e => e.Epoch).ToArray(), "the second run's epochs follow the first's");
            CollectionAssert.AreEqual(fitted.Info.History.Select(e => e.Loss).ToArray(), first.History.Select(e => e.Loss).ToArray(), "the first run's own losses");
            CollectionAssert.AreEqual(once.History.Select(e => e.Loss).ToArray(), second.History.Select(e => e.Loss).ToArray(), "the second run's own losses");
            Assert.AreEqual("0.01", first.ChangedOptions["LearningRate"]);
            Assert.AreEqual("0.003", second.ChangedOptions["LearningRate"]);
            Assert.AreEqual("0.001", info.Options["LearningRate"]);
            Assert.AreEqual("3", first.ChangedOptions["NumberOfEpochs"]);
            Assert.IsFalse(first.ChangedOptions.ContainsKey("HiddenLayers"), "only what differs from the model's own run");
            Assert.AreEqual(3, first.ModelEpoch);
            Assert.AreEqual(5, second.ModelEpoch);
            Assert.AreEqual(5, info.EarlierEpochs);
            Assert.AreEqual("5 earlier epochs in 2 earlier runs, 9 in all", info.DescribeEarlierRuns());

            // This run's fields mean what they meant: its own epochs, from 1.
            CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, info.History.Select(e => e.Epoch).ToArray());
            Assert.AreEqual("4 epochs; model from epoch 4", info.DescribeEpochs());

            // The record's JSON round trip keeps it all.
            FeedForwardModelInfo read = FeedForwardModelInfo.FromJson(info.ToJson());
            Assert.AreEqual(info.ToJson(), read.ToJson());
            Assert.HasCount(2, read.EarlierRuns);
            Assert.AreEqual(first.History[2], read.EarlierRuns[0].History[2]);
            CollectionAssert.AreEquivalent(second.ChangedOptions.ToArray(), read.EarlierRuns[1].ChangedOptions.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// An earlier run keeps the class weights it resolved to: a model trained with <c>ClassWeights.Balanced</c> and
    /// continued with explicit weights, then without class weights, has earlier runs that say what each used (before:
    /// only <c>ClassWeights balanced</c> in <c>ChangedOptions</c>); they survive the record's JSON, and a record whose
    /// earlier runs lack them (older MLNetDeep) still reads, with none.
    /// </summary>
    [TestMethod]
    public void Each_earlier_run_keeps_the_class_weights_it_resolved_to()
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, "binary", o => ((FeedForwardClassifierOptions)o) with { NumberOfEpochs = 2, ClassWeights = ClassWeights.Balanced });
        IReadOnlyList<KeyValuePair<string, float>> balanced = fitted.Info.ClassWeights!;
        Assert.HasCount(2, balanced);
        using TransformerChain<ITransformer> explicitly = fitted.Trainer(o => ((FeedForwardClassifierOptions)o) with { NumberOfEpochs = 2, ClassWeights = ClassWeights.Of(1, 3) })
            .Fit(fitted.Prepared, fitted.Network);
        using TransformerChain<ITransformer> without = fitted.Trainer(o => o with { NumberOfEpochs = 2 })
            .Fit(fitted.Prepared, ml.Model.GetFeedForwardPredictionTransformer(explicitly));
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(without)!;

        Assert.IsNull(info.ClassWeights);
        Assert.AreEqual("balanced", info.EarlierRuns[0].ChangedOptions["ClassWeights"]);
        CollectionAssert.AreEqual(balanced.ToArray(), info.EarlierRuns[0].ClassWeights!.ToArray());
        CollectionAssert.AreEqual(new[] { KeyValuePair.Create("false", 1f), KeyValuePair.Create("true", 3f) }, info.EarlierRuns[1].ClassWeights!.ToArray());

        FeedForwardModelInfo read = FeedForwardModelInfo.FromJson(info.ToJson());
        CollectionAssert.AreEqual(balanced.ToArray(), read.EarlierRuns[0].ClassWeights!.ToArray());
        Assert.AreEqual(info.ToJson(), read.ToJson());

        var old = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(info.ToJson())!;
        foreach (var run in old["earlierRuns"]!.AsArray())
        {
            run!.AsObject().Remove("classWeights");
        }

        FeedForwardModelInfo older = FeedForwardModelInfo.FromJson(old.ToJsonString());
        Assert.IsTrue(older.EarlierRuns.All(r => r.ClassWeights is null), "a record without them reads, with none");
        Assert.AreEqual("balanced", older.EarlierRuns[0].ChangedOptions["ClassWeights"]);
    }

    /// <summary>A model whose early stopping restored its best weights was continued from that epoch, not its last, and the earlier run says so.</summary>
    [TestMethod]
    public void An_earlier_run_that_restored_its_best_weights_says_the_epoch_it_was_continued_from()
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 40, LearningRate = 0.2f, ValidationFraction = 0.3f, EarlyStoppingPatience = 2 });
        Assert.IsTrue(fitted.Info.StoppedEarly, fitted.Info.DescribeEpochs());
        Assert.AreNotEqual(fitted.Info.History.Count, fitted.Info.ModelEpoch);
        using TransformerChain<ITransformer> continued = fitted.Trainer(o => o with { NumberOfEpochs = 2 }).Fit(fitted.Prepared, fitted.Network);
        FeedForwardEarlierRun run = ml.Model.GetFeedForwardInfo(continued)!.EarlierRuns.Single();
        Assert.AreEqual(fitted.Info.ModelEpoch, run.ModelEpoch);
        Assert.HasCount(fitted.Info.History.Count, run.History);
    }

    /// <summary>Continuing over and over keeps the record bounded: beyond 10,000 earlier epochs the oldest runs go, the numbering stays.</summary>
    [TestMethod]
    public void The_oldest_earlier_runs_are_dropped_beyond_the_cap_and_the_epoch_numbers_stay()
    {
        static string Epochs(int from, int count) => string.Join(',', Enumerable.Range(from, count)
            .Select(e => $$"""{"epoch":{{e}},"loss":1,"metric":0.5,"learningRate":0.01}"""));
        static FeedForwardModelInfo Record(string earlierRuns) => FeedForwardModelInfo.FromJson($$"""
            {"format":1,"task":"BinaryClassification","featureColumn":"Features","labelColumn":"Label","featureCount":2,"outputCount":1,
             "classNames":[],"layers":["Dense(1)"],"parameterCount":3,"options":{"LearningRate":"0.001","NumberOfEpochs":"10"},
             "lossName":"binary-cross-entropy","metricName":"accuracy","bestEpoch":10,"stoppedEarly":false,"trainingRows":10,"validationRows":0,
             "backend":"managed","libraryVersion":"0.1","history":[{{Epochs(1, 10)}}],"earlierRuns":[{{earlierRuns}}]}
            """);
        string last = $$"""{"modelEpoch":11000,"changedOptions":{"LearningRate":"0.01"},"history":[{{Epochs(6001, 5000)}}]}""";
        FeedForwardModelInfo info = Record($$"""{"modelEpoch":6000,"changedOptions":{"LearningRate":"0.1"},"history":[{{Epochs(1, 6000)}}]},{{last}}""");
        Assert.AreEqual("11000 earlier epochs in 2 earlier runs, 11010 in all", info.DescribeEarlierRuns());
        Assert.AreEqual("11000 earlier epochs, the last 5000 recorded in 1 earlier run, 11010 in all", Record(last).DescribeEarlierRuns());
        var options = new Dictionary<string, string> { ["LearningRate"] = "0.0001", ["NumberOfEpochs"] = "10" };
        IReadOnlyList<FeedForwardEarlierRun> runs = FeedForwardModelInfo.Continuing(info, options);
        Assert.HasCount(2, runs, "the first run (6000 epochs) is dropped: 5000 + 10 are kept");
        Assert.AreEqual(6001, runs[0].History[0].Epoch);
        Assert.AreEqual(11010, runs[1].History[^1].Epoch);
        Assert.AreEqual("0.01", runs[0].ChangedOptions["LearningRate"]);
        Assert.AreEqual("0.001", runs[1].ChangedOptions["LearningRate"], "the initial model's own rate, against the new run's");
        Assert.IsFalse(runs[1].ChangedOptions.ContainsKey("NumberOfEpochs"));
    }

    [TestMethod]
    public void Earlier_runs_that_are_malformed_are_refused_naming_them()
    {
        string Record(string earlier) => $$"""
            {"format":1,"task":"Regression","featureColumn":"F","labelColumn":"L","featureCount":1,"outputCount":1,"classNames":[],"layers":[],
             "parameterCount":2,"options":{},"lossName":"mean-squared-error","metricName":"mse","bestEpoch":1,"stoppedEarly":false,"trainingRows":1,
             "validationRows":0,"backend":"managed","libraryVersion":"0.1","history":[],"earlierRuns":{{earlier}}}
            """;
        Assert.Contains("earlierRuns[0] has no epochs", Assert.Throws<InvalidDataException>(() => FeedForwardModelInfo.FromJson(Record("""[{"modelEpoch":1,"changedOptions":{},"history":[]}]"""))).Message);
        Assert.Contains("earlierRuns[0] is not an object", Assert.Throws<InvalidDataException>(() => FeedForwardModelInfo.FromJson(Record("[1]"))).Message);
        Assert.Contains("no 'earlierRuns[0].history'", Assert.Throws<InvalidDataException>(() => FeedForwardModelInfo.FromJson(Record("""[{"modelEpoch":1,"changedOptions":{}}]"""))).Message);
    }

    [TestMethod]
    public void Every_difference_between_the_model_and_the_trainer_is_refused_naming_both_values()
    {
        var ml = new MLContext(seed: 1);
        using Fitted binary = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 1 }, rows: 60);
        string Refused(Action fit) => Assert.ThrowsExactly<ArgumentException>(fit).Message;

        StringAssert.Contains(Refused(() => binary.Trainer(o => o with { HiddenLayers = [8] }).Fit(binary.Prepared, binary.Network)),
            "HiddenLayers is 8, but the initial model was trained with HiddenLayers = 16,16");
        StringAssert.Contains(Refused(() => binary.Trainer(o => o with { BatchNormalization = false }).Fit(binary.Prepared, binary.Network)),
            "BatchNormalization is false, but the initial model was trained with BatchNormalization = true");
        StringAssert.Contains(Refused(() => binary.Trainer(o => o with { Activation = Activation.Tanh }).Fit(binary.Prepared, binary.Network)),
            "Activation is tanh, but the initial model was trained with Activation = relu");

        using Fitted regression = Fitted.Of(ml, "regression", o => o with { NumberOfEpochs = 1 }, rows: 60);
        StringAssert.Contains(Refused(() => regression.Trainer(o => ((FeedForwardRegressionTrainer.Options)o) with { StandardizeLabel = false }).Fit(regression.Prepared, regression.Network)),
            "StandardizeLabel is false, but the initial model was trained with StandardizeLabel = true");
        StringAssert.Contains(Refused(() => regression.Trainer().Fit(regression.Prepared, binary.Network)),
            "the initial model is a BinaryClassification model; this trainer trains Regression");

        // Three features where the model reads two.
        IDataView wide = ml.Transforms.Concatenate("Features", "Features", "Weight").Fit(binary.Prepared).Transform(binary.Prepared);
        StringAssert.Contains(Refused(() => binary.Trainer().Fit(wide, binary.Network)), "the feature column 'Features' has 3 features; the initial model reads 2");

        // The classes keyed in another order.
        using Fitted multiclass = Fitted.Of(ml, "multiclass", o => o with { NumberOfEpochs = 1 }, rows: 60);
        IDataView rows = ml.Data.LoadFromEnumerable(TestData.Spirals(20, seed: 1));
        IDataView keys = ml.Data.LoadFromEnumerable(new[] { "arm-c", "arm-b", "arm-a" }.Select(c => new KeyValue { Value = c }));
        IDataView reversed = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyData: keys).Fit(rows).Transform(rows);
        StringAssert.Contains(Refused(() => multiclass.Trainer().Fit(reversed, multiclass.Network)),
            "the label column 'Label' has the classes [arm-c, arm-b, arm-a] (in key order); the initial model's are [arm-a, arm-b, arm-c]");
    }

    [TestMethod]
    public void A_model_with_batch_norm_from_before_the_parameters_were_recorded_is_refused_saying_why()
    {
        // A model MLNetDeep 0.1 saved (tests/MLNetDeep.Tests/Compatibility): Dense(8, no bias), BatchNorm, ReLU, Dropout(0.2), Dense(1).
        var ml = new MLContext(seed: 1);
        using var old = (TransformerChain<ITransformer>)ml.Model.LoadChecked(Path.Combine(AppContext.BaseDirectory, "Compatibility", "binary-v1.zip"), out _);
        FeedForwardPredictionTransformer network = ml.Model.GetFeedForwardPredictionTransformer(old);
        Assert.IsFalse(OnnxModelReader.Read(network.Onnx).MetadataProps.ContainsKey(InitialNetwork.BatchNormKey));
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(20, seed: 1));
        var trainer = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8] });
        string message = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(data, network)).Message;
        StringAssert.Contains(message, $"the initial model has batch normalization but was written by MLNetDeep {network.Model.LibraryVersion}, which folded the batch-norm layers "
            + "into the Gemm weights without recording their scale, shift and running statistics, so its network cannot be restored");

        // A model without batch norm needs nothing more than its Gemms: fresh ones are continued whatever wrote them.
        using Fitted plain = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 1, BatchNormalization = false }, rows: 60);
        Assert.IsFalse(OnnxModelReader.Read(plain.Network.Onnx).MetadataProps.ContainsKey(InitialNetwork.BatchNormKey));
        using (plain.Trainer(o => o with { NumberOfEpochs = 1, BatchNormalization = false }).Fit(plain.Prepared, plain.Network))
        {
        }
    }

    [TestMethod]
    public void Batch_norm_metadata_that_is_malformed_or_from_another_model_is_refused_naming_it()
    {
        var ml = new MLContext(seed: 1);
        using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 1 }, rows: 60);
        using Fitted other = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 2 }, rows: 90);
        string otherParameters = OnnxModelReader.Read(other.Network.Onnx).MetadataProps[InitialNetwork.BatchNormKey];
        Network network = new NetworkArchitecture { HiddenLayers = [16, 16], BatchNorm = true }.Build(2, 1);
        InitialNetwork.Open(fitted.Network, FeedForwardTask.BinaryClassification, new FeedForwardBinaryTrainer.Options { HiddenLayers = [16, 16] }, "test")
            .Restore(network, 1, 0);
        foreach ((string metadata, string expected) in new[]
        {
            ("[1]", "has no object for batch-norm layer 1 (after layer 0); it holds 1 entries"),
            ("[{\"scale\": \"not base64!\"}]", "is malformed for the batch norm after layer 0"),
            ("[{\"scale\": 3}]", "is malformed for the batch norm after layer 0"),
            (otherParameters, "the batch-norm parameters the initial model records do not match its graph (layer 0, unit 0)"),
        })
        {
            // The model's own network, its graph written again with the entry replaced.
            byte[] onnx = OnnxExport.ToOnnx(network, new OnnxExportOptions
            {
                Head = OnnxHead.Binary, TrainingRecord = fitted.Info.ToJson(), MetadataProps = new Dictionary<string, string> { [InitialNetwork.BatchNormKey] = metadata },
            });
            var model = new FeedForwardPredictionTransformer(fitted.Model, fitted.Info, onnx);
            string message = Assert.ThrowsExactly<InvalidDataException>(() => fitted.Trainer(o => o with { NumberOfEpochs = 1 }).Fit(fitted.Prepared, model), metadata).Message;
            StringAssert.Contains(message, expected);
        }
    }

    [TestMethod]
    public void An_initializer_set_when_continuing_is_an_unused_option_warning()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(e.RawMessage);
                }
            }
        };
        using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 1 }, rows: 60);
        using (fitted.Trainer(o => o with { NumberOfEpochs = 1, Initializer = Neural.Initializers.Initializer.GlorotUniform }).Fit(fitted.Prepared, fitted.Network))
        {
        }

        CollectionAssert.AreEqual(new[] { "Initializer = glorot-uniform is not used: the weights come from the initial model." }, warnings);
    }

    /// <summary>
    /// Babysitting with checkpoints: a continuation cancelled after 2 epochs and resumed from its checkpoint with the same
    /// initial model ends as one never interrupted, its earlier run and resolved class weights included; the first run's
    /// checkpoint folder reused by the continuation with resume on is refused, naming why. Before, that checkpoint was
    /// resumed as the continuation's: the model came back with the first run's weights and one more epoch, its epochs
    /// counted twice (as the earlier run and as its own) under the continuation's learning rate and class weights.
    /// </summary>
    [TestMethod]
    public void A_continuation_resumes_only_its_own_checkpoint_and_keeps_its_earlier_run_and_class_weights()
    {
        var ml = new MLContext(seed: 1);
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-continue-ckpt-").FullName;
        try
        {
            string first = Path.Combine(folder, "first"), uninterrupted = Path.Combine(folder, "uninterrupted"), interrupted = Path.Combine(folder, "interrupted");
            using Fitted fitted = Fitted.Of(ml, "binary", o => o with { NumberOfEpochs = 3, CheckpointFolder = first });
            FeedForwardTrainerOptions Next(FeedForwardTrainerOptions o, string checkpoints, bool resume) => ((FeedForwardClassifierOptions)o) with
            {
                NumberOfEpochs = 4, LearningRate = 0.003f, ClassWeights = ClassWeights.Of(1, 3), CheckpointFolder = checkpoints, ResumeFromCheckpoint = resume,
            };

            var e = Assert.ThrowsExactly<InvalidDataException>(() => fitted.Trainer(o => Next(o, first, true)).Fit(fitted.Prepared, fitted.Network));
            StringAssert.Contains(e.Message, "it is of a run that started from other weights (another initial model");

            using TransformerChain<ITransformer> whole = fitted.Trainer(o => Next(o, uninterrupted, false)).Fit(fitted.Prepared, fitted.Network);
            using var cancel = new CancellationTokenSource();
            Assert.ThrowsExactly<OperationCanceledException>(() => fitted.Trainer(o => Next(o, interrupted, false) with
            {
                Progress = r => { if (r.Epoch == 2) { cancel.Cancel(); } },
            }).Fit(fitted.Prepared, null, fitted.Network, cancel.Token));
            using TransformerChain<ITransformer> resumed = fitted.Trainer(o => Next(o, interrupted, true)).Fit(fitted.Prepared, fitted.Network);

            FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(resumed)!;
            Assert.AreEqual("3 earlier epochs in 1 earlier run, 7 in all", info.DescribeEarlierRuns());
            Assert.AreEqual("0.01", info.EarlierRuns[0].ChangedOptions["LearningRate"]);
            CollectionAssert.AreEqual(new[] { KeyValuePair.Create("false", 1f), KeyValuePair.Create("true", 3f) }, info.ClassWeights!.ToArray());
            CollectionAssert.AreEqual(ml.Model.GetFeedForwardOnnx(whole), ml.Model.GetFeedForwardOnnx(resumed), "resumed ends as uninterrupted, record and all");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
