namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using static TrainingTestData;

[TestClass]
public sealed class CheckpointTests
{
    private string _folder = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlnetdeep-ckpt-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static readonly NetworkArchitecture Arch = new() { HiddenLayers = [32, 16], BatchNorm = true, DropoutRate = 0.2f };

    private static TrainingOptions Options(int epochs, string? checkpoint = null) => new()
    {
        NumberOfEpochs = epochs,
        BatchSize = 32,
        Seed = 5,
        LearningRate = 0.01f,
        Schedule = LearningRateSchedule.ReduceOnPlateau(0.5, 2),
        EarlyStopping = new EarlyStoppingOptions { Patience = 100 },
        ValidationFraction = 0.2f,
        CheckpointPath = checkpoint,
    };

    [TestMethod]
    public void ResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        ExampleSet data = SyntheticData.Spirals(60, 3, seed: 2);
        Network whole = Net(Arch, seed: 3, outputs: 3);
        TrainingResult expected = new NetworkTrainer(whole, new SoftmaxCrossEntropy(), Options(8)).Fit(data);

        string path = Path.Combine(_folder, "run.ckpt");
        Network first = Net(Arch, seed: 3, outputs: 3);
        new NetworkTrainer(first, new SoftmaxCrossEntropy(), Options(3, path)).Fit(data);
        Assert.IsTrue(File.Exists(path));
        Assert.IsFalse(File.Exists(path + ".tmp"), "the temporary file is renamed away");

        Network resumed = Net(Arch, seed: 99, outputs: 3); // different initial weights: the checkpoint must replace them
        TrainingResult actual = new NetworkTrainer(resumed, new SoftmaxCrossEntropy(), Options(8, path)).Resume(path, data);

        AssertBitIdentical(whole.Parameters.Select(p => p.Value).Concat(whole.Layers.SelectMany(l => l.State)).ToArray(),
            resumed.Parameters.Select(p => p.Value).Concat(resumed.Layers.SelectMany(l => l.State)).ToArray(), "resumed vs uninterrupted");
        Assert.AreEqual(expected.History.Count, actual.History.Count);
        for (int i = 0; i < expected.History.Count; i++)
        {
            Assert.AreEqual(expected.History[i].Loss, actual.History[i].Loss, 0, $"epoch {i + 1} loss");
            Assert.AreEqual(expected.History[i].ValidationLoss, actual.History[i].ValidationLoss, $"epoch {i + 1} validation loss");
            Assert.AreEqual(expected.History[i].LearningRate, actual.History[i].LearningRate, 0);
        }
    }

    /// <summary>
    /// A layer class of the user's is saved by its base description (its state as <c>state0</c>, version 0) and read
    /// back into the same class; a network with another class there is refused naming both kinds.
    /// </summary>
    [TestMethod]
    public void A_layer_class_without_its_own_description_is_checkpointed_by_its_state()
    {
        string path = Path.Combine(_folder, "custom.ckpt");
        var counter = new RowCounter();
        var trained = new Network(2, [new Dense(8), counter, new Relu(), new Dense(1)]);
        trained.Initialize(4);
        new NetworkTrainer(trained, new BinaryCrossEntropy(), Options(2, path)).Fit(Moons());
        Assert.IsTrue(counter.Rows[0] > 0, "the layer counted the rows it saw in training");

        var resumedCounter = new RowCounter();
        var resumed = new Network(2, [new Dense(8), resumedCounter, new Relu(), new Dense(1)]);
        resumed.Initialize(4);
        new NetworkTrainer(resumed, new BinaryCrossEntropy(), Options(2, path)).Resume(path, Moons());
        Assert.AreEqual(counter.Rows[0], resumedCounter.Rows[0], "the state came back from the checkpoint (the run had nothing left to train)");

        var other = new Network(2, [new Dense(8), new Identity(), new Relu(), new Dense(1)]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(other, new BinaryCrossEntropy(), Options(2, path)).Resume(path, Moons()));
        StringAssert.Contains(e.Message, $"layer 1 (Identity): it was saved as {typeof(RowCounter).FullName} v0; this network has Identity v1 there");
    }

    /// <summary>The identity, counting the training rows it has seen in its state.</summary>
    private sealed class RowCounter : Layer
    {
        public float[] Rows { get; } = new float[1];

        public override string DisplayName => "RowCounter";

        public override IReadOnlyList<float[]> State => [Rows];

        protected override int OnBuild(int inputSize) => inputSize;

        protected override void Allocate(int capacity)
        {
        }

        protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
        {
            Rows[0] += training ? batch : 0;
            return input;
        }

        protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient) => outputGradient;

        public override void ResetParameters(Rng rng) => Rows[0] = 0;
    }

    [TestMethod]
    public void CheckpointsAreWrittenEveryIntervalEpochs()
    {
        string path = Path.Combine(_folder, "every2.ckpt");
        var trainer = new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(5, path) with { CheckpointInterval = 2 });
        var writes = new List<int>();
        DateTime last = DateTime.MinValue;
        trainer.EpochCompleted += (_, e) =>
        {
            // the checkpoint of epoch e is written after the handler runs; look at the previous one
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) != last)
            {
                last = File.GetLastWriteTimeUtc(path);
                writes.Add(e.Record.Epoch - 1);
            }
        };
        trainer.Fit(Moons());
        Assert.IsTrue(File.Exists(path));
        var reloaded = Net();
        TrainingResult r = new NetworkTrainer(reloaded, new BinaryCrossEntropy(), Options(5, path)).Resume(path, Moons());
        Assert.AreEqual(5, r.History.Count, "the last epoch is always checkpointed: resuming a finished run trains nothing more");
    }

    [TestMethod]
    public void TruncatedCorruptedOrMismatchedCheckpointsFailClearly()
    {
        string path = Path.Combine(_folder, "good.ckpt");
        new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(2, path)).Fit(Moons());
        byte[] bytes = File.ReadAllBytes(path);

        string truncated = Path.Combine(_folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4)).Resume(truncated, Moons()));
        StringAssert.Contains(e1.Message, "truncated");

        string garbage = Path.Combine(_folder, "garbage.ckpt");
        File.WriteAllText(garbage, "not a checkpoint at all");
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4)).Resume(garbage, Moons()));
        StringAssert.Contains(e2.Message, "not an MLNetDeep checkpoint");

        string older = Path.Combine(_folder, "format1.ckpt");
        byte[] first = (byte[])bytes.Clone();
        BitConverter.GetBytes(1).CopyTo(first, 8); // the format version follows the 8 magic bytes
        File.WriteAllBytes(older, first);
        var eOlder = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4)).Resume(older, Moons()));
        StringAssert.Contains(eOlder.Message, "its format version is 1; this build reads version 2");

        var e3 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4) with { Seed = 6 }).Resume(path, Moons()));
        StringAssert.Contains(e3.Message, "seed 5");

        var e4 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(new NetworkArchitecture { HiddenLayers = [8] }), new BinaryCrossEntropy(), Options(4)).Resume(path, Moons()));
        StringAssert.Contains(e4.Message, "it holds 5 layers; this network has 3");

        // Same layers, another width: the layer reads its saved description and names the setting.
        var e5 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(new NetworkArchitecture { HiddenLayers = [16, 4] }), new BinaryCrossEntropy(), Options(4)).Resume(path, Moons()));
        StringAssert.Contains(e5.Message, "layer 2 (Dense(4)): its Dense setting units is 8; this network's is 4");

        // Same widths, another activation: the kinds differ.
        var e6 = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(new NetworkArchitecture { HiddenLayers = [16, 8], Activation = Activation.Tanh }), new BinaryCrossEntropy(), Options(4)).Resume(path, Moons()));
        StringAssert.Contains(e6.Message, "layer 1 (Tanh): it was saved as Relu v1; this network has Tanh v1 there");
    }

    [TestMethod]
    public void ACheckpointOfAnotherTaskIsRefusedEvenWhenTheLayersMatch()
    {
        // A regression checkpoint has the same layers as a binary classifier's; it used to be resumed as one.
        string path = Path.Combine(_folder, "regression.ckpt");
        new NetworkTrainer(Net(), new MeanSquaredError(), Options(2, path)).Fit(Moons());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4)).Resume(path, Moons()));
        StringAssert.Contains(e.Message, "it was written with loss mean-squared-error, but this run uses binary-cross-entropy (a checkpoint of another task)");
    }

    [TestMethod]
    public void AVersion2CheckpointWithoutTheLossNameStillResumes()
    {
        string path = Path.Combine(_folder, "v3.ckpt");
        new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(2, path)).Fit(Moons());
        byte[] bytes = File.ReadAllBytes(path);
        const int lossAt = 8 + 4 + 8 + 4 + 4; // magic, version, seed, batch size, optimizer
        int nameLength = bytes[lossAt]; // BinaryWriter's 7-bit length prefix: one byte for a short name
        Assert.AreEqual("binary-cross-entropy", System.Text.Encoding.UTF8.GetString(bytes, lossAt + 1, nameLength));
        int startAt = lossAt + 1 + nameLength; // version 4's fingerprint of the start weights and its options follow the loss name
        using var reader = new BinaryReader(new MemoryStream(bytes[(startAt + sizeof(long))..]));
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            reader.ReadString();
            reader.ReadString();
        }

        int secondsAt = startAt + sizeof(long) + (int)reader.BaseStream.Position; // version 5's training time follows the options
        int layersAt = secondsAt + sizeof(double);
        byte[] v4 = [.. bytes[..secondsAt], .. bytes[layersAt..]];
        BitConverter.GetBytes(4).CopyTo(v4, 8);
        byte[] v3 = [.. bytes[..startAt], .. bytes[layersAt..]];
        BitConverter.GetBytes(3).CopyTo(v3, 8);
        byte[] v2 = [.. bytes[..lossAt], .. bytes[layersAt..]];
        BitConverter.GetBytes(2).CopyTo(v2, 8);
        foreach (var (name, older) in new[] { ("v4.ckpt", v4), ("v3.ckpt", v3), ("v2.ckpt", v2) })
        {
            string olderPath = Path.Combine(_folder, name);
            File.WriteAllBytes(olderPath, older);
            TrainingResult result = new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4) with { ResumeOnlySameRun = true }).Resume(olderPath, Moons());
            Assert.AreEqual(4, result.History.Count, name);
            double restored = result.History[0].Seconds + result.History[1].Seconds;
            Assert.AreEqual(restored, result.History[1].TrainingSeconds, 1e-9, $"{name}: the restored epochs' own times stand for the training time");
            Assert.IsGreaterThanOrEqualTo(restored + result.History[3].Seconds, result.History[3].TrainingSeconds, name);
        }
    }

    /// <summary>
    /// The training time survives a resume: a run stopped after 2 of 4 epochs and resumed in another "process" (another
    /// clock, started elsewhere) ends with the training time of the run never interrupted. Before, a resumed run's time
    /// started again from 0, so the CLI's trainSeconds counted only the resumed part.
    /// </summary>
    [TestMethod]
    public void A_resumed_run_counts_the_training_time_its_checkpoint_recorded()
    {
        static NetworkTrainer Trainer(ManualClock clock, string? path, int stopAt = 0)
        {
            var trainer = new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options(4, path), clock);
            trainer.EpochCompleted += (_, e) =>
            {
                clock.Now += TimeSpan.FromSeconds(10).Ticks; // each epoch's handler takes 10 s
                e.Stop = e.Record.Epoch == stopAt;
            };
            return trainer;
        }

        TrainingResult whole = Trainer(new ManualClock(), null).Fit(Moons());
        CollectionAssert.AreEqual(new[] { 0d, 10, 20, 30 }, whole.History.Select(h => h.TrainingSeconds).ToArray());

        string path = Path.Combine(_folder, "timed.ckpt");
        Trainer(new ManualClock(), path, stopAt: 2).Fit(Moons());
        TrainingResult resumed = Trainer(new ManualClock { Now = TimeSpan.FromHours(5).Ticks }, path).Resume(path, Moons());
        CollectionAssert.AreEqual(new[] { 20d, 30 }, resumed.History.Skip(2).Select(h => h.TrainingSeconds).ToArray(), "20 s before the checkpoint, then this process's");
    }

    /// <summary>A clock that moves only when the test moves it (ticks of 100 ns).</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now;
    }

    /// <summary>
    /// A checkpoint of a run that early stopping ended resumes as that run: no more epochs. Before, it trained one more
    /// (the history, and without restored weights the model, differed from the run's). A checkpoint with more epochs
    /// done than the resuming run's NumberOfEpochs is refused naming both; before, its longer history came back as the run's.
    /// </summary>
    [TestMethod]
    public void A_run_that_stopped_early_resumes_as_stopped_and_fewer_epochs_are_refused()
    {
        string path = Path.Combine(_folder, "stopped.ckpt");
        TrainingOptions options = Options(200, path) with { EarlyStopping = new EarlyStoppingOptions { Patience = 2, RestoreBestWeights = false } };
        Network trained = Net();
        TrainingResult run = new NetworkTrainer(trained, new BinaryCrossEntropy(), options).Fit(Moons());
        Assert.IsTrue(run.StoppedEarly, $"{run.History.Count} epochs");

        Network resumed = Net(seed: 9);
        TrainingResult again = new NetworkTrainer(resumed, new BinaryCrossEntropy(), options).Resume(path, Moons());
        Assert.AreEqual(run.History.Count, again.History.Count, "no more epochs");
        Assert.IsTrue(again.StoppedEarly);
        Assert.AreEqual(run.BestEpoch, again.BestEpoch);
        AssertBitIdentical(trained.Parameters.Select(p => p.Value).ToArray(), resumed.Parameters.Select(p => p.Value).ToArray(), "the run's last weights");

        int done = run.History.Count;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(), new BinaryCrossEntropy(), options with { NumberOfEpochs = done - 1 }).Resume(path, Moons()));
        StringAssert.Contains(e.Message, $"it has {done} epochs done, more than the {done - 1} epochs of this run (NumberOfEpochs); give at least {done}");
    }

    /// <summary>
    /// With <see cref="TrainingOptions.ResumeOnlySameRun"/> (the ML.NET trainers') a checkpoint of a run that
    /// started from other weights, or went with another learning rate or class weights, is refused naming what differs;
    /// without it the checkpoint replaces the network's weights and the options given apply, as before.
    /// </summary>
    [TestMethod]
    public void Only_a_run_from_the_same_start_weights_resumes_when_asked()
    {
        string path = Path.Combine(_folder, "start.ckpt");
        new NetworkTrainer(Net(seed: 1), new BinaryCrossEntropy(), Options(2, path)).Fit(Moons());
        TrainingOptions same = Options(4) with { ResumeOnlySameRun = true };
        Assert.AreEqual(4, new NetworkTrainer(Net(seed: 1), new BinaryCrossEntropy(), same).Resume(path, Moons()).History.Count);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(seed: 2), new BinaryCrossEntropy(), same).Resume(path, Moons()));
        StringAssert.Contains(e.Message, "it is of a run that started from other weights");
        Assert.AreEqual(4, new NetworkTrainer(Net(seed: 2), new BinaryCrossEntropy(), Options(4)).Resume(path, Moons()).History.Count);

        // The same start with another course: another learning rate or class weights is another run.
        var lr = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(seed: 1), new BinaryCrossEntropy(), same with { LearningRate = 0.02f }).Resume(path, Moons()));
        StringAssert.Contains(lr.Message, "it was written with learning rate 0.01, but this run uses 0.02");
        var weights = Assert.ThrowsExactly<InvalidDataException>(() => new NetworkTrainer(Net(seed: 1), new BinaryCrossEntropy(), same with { ClassWeights = [1f, 3f] }).Resume(path, Moons()));
        StringAssert.Contains(weights.Message, "it was written with class weights none, but this run uses 1,3");
        Assert.AreEqual(4, new NetworkTrainer(Net(seed: 1), new BinaryCrossEntropy(), Options(4) with { LearningRate = 0.02f }).Resume(path, Moons()).History.Count, "the engine's own Resume takes the options given");
    }
}
