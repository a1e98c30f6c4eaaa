namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using static TrainingTestData;

[TestClass]
public sealed class TrainingBackendTests
{
    [TestMethod]
    public void TheManagedBackendIsTheNetworkTrainer()
    {
        Assert.AreEqual("managed", TrainingBackend.Managed.Name);
        Assert.AreEqual("managed", TrainingBackend.Managed.ToString());
        var options = new TrainingOptions { NumberOfEpochs = 3, BatchSize = 16, Seed = 4 };
        Network viaBackend = Net(), direct = Net();
        INetworkTrainer trainer = TrainingBackend.Managed.CreateTrainer(viaBackend, new BinaryCrossEntropy(), options);
        Assert.IsInstanceOfType<NetworkTrainer>(trainer);
        Assert.AreSame(options, trainer.Options);
        int events = 0;
        trainer.EpochCompleted += (_, _) => events++;
        TrainingResult a = trainer.Fit(Moons());
        TrainingResult b = new NetworkTrainer(direct, new BinaryCrossEntropy(), options).Fit(Moons());
        Assert.AreEqual(3, events);
        Assert.AreEqual(b.History[^1].Loss, a.History[^1].Loss);
        AssertBitIdentical(Weights(direct), Weights(viaBackend), "the backend's trainer is the managed trainer");
    }

    [TestMethod]
    public void CreatingATrainerValidatesTheOptions()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TrainingBackend.Managed.CreateTrainer(Net(), new BinaryCrossEntropy(), new TrainingOptions { BatchSize = 0 }));
        StringAssert.Contains(e.Message, "BatchSize is 0");
    }
}
