namespace MLNetDeep.Neural.Tests.Schedules;

using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;

[TestClass]
public sealed class LearningRateScheduleTests
{
    private static double Rate(LearningRateSchedule s, int epoch, int total = 100) => s.Rate(0.1, epoch, total, new ScheduleState());

    [TestMethod]
    public void CourseFormulas()
    {
        Assert.AreEqual(0.1, Rate(LearningRateSchedule.Constant, 50), 1e-15);
        Assert.AreEqual(0.1 / (1 + 0.5 * 3), Rate(LearningRateSchedule.InverseTime(0.5), 3), 1e-15);
        Assert.AreEqual(0.1 / (1 + 1.0 * 2), Rate(LearningRateSchedule.InverseTimeStepped(1.0, 1000), 2999), 1e-15);
        Assert.AreEqual(0.1, Rate(LearningRateSchedule.InverseTimeStepped(1.0, 1000), 999), 1e-15);
        Assert.AreEqual(0.1 * Math.Pow(0.95, 10), Rate(LearningRateSchedule.Exponential(0.95), 10), 1e-15);
        Assert.AreEqual(0.1 * 0.01, Rate(LearningRateSchedule.Step(10, 0.1), 25), 1e-15);
    }

    [TestMethod]
    public void CosineWarmsUpThenAnneals()
    {
        var s = LearningRateSchedule.Cosine(warmupEpochs: 5, minimumRate: 0.001);
        Assert.AreEqual(0.02, Rate(s, 0, 25), 1e-12);
        Assert.AreEqual(0.1, Rate(s, 4, 25), 1e-12);
        Assert.AreEqual(0.1, Rate(s, 5, 25), 1e-12, "cosine starts at alpha0 after warm-up");
        Assert.AreEqual(0.001 + (0.1 - 0.001) / 2, Rate(s, 15, 25), 1e-9, "half-way down at the midpoint (t = 10/20)");
        double last = 0.001 + ((0.1 - 0.001) * (1 + Math.Cos(Math.PI * 19 / 20)) / 2);
        Assert.AreEqual(last, Rate(s, 24, 25), 1e-12, "the last epoch still trains (PyTorch's T_max = 20)");
        Assert.IsGreaterThan(0.001, Rate(s, 24, 25));
    }

    [TestMethod]
    public void AWarmUpLongerThanTheRunOrAMinimumAboveTheRateIsAConflict()
    {
        // cosine:100 over 3 epochs trained at 1%-3% of the rate; cosine:0:0.1 at 0.003 climbed to 0.076.
        StringAssert.Contains(LearningRateSchedule.Cosine(100).Conflict(0.003, 3), "warm-up of 100 epochs is longer than the 3 epochs of training");
        StringAssert.Contains(LearningRateSchedule.Cosine(0, 0.1).Conflict(0.003, 3), "minimum rate 0.1 is above the learning rate 0.003");
        StringAssert.Contains(LearningRateSchedule.ReduceOnPlateau(minimumRate: 0.1).Conflict(0.003, 3), "would rise");
        Assert.IsNull(LearningRateSchedule.Cosine(3, 0.003).Conflict(0.003, 3), "a warm-up over the whole run, a minimum equal to the rate");
        Assert.IsNull(LearningRateSchedule.Cosine().Conflict(0.003, 1));
        Assert.IsNull(LearningRateSchedule.Exponential(0.5).Conflict(0.003, 1));

        var e = Assert.ThrowsExactly<ArgumentException>(() => new TrainingOptions { LearningRate = 0.01f, NumberOfEpochs = 3, Schedule = LearningRateSchedule.Cosine(5) }.Validate());
        Assert.AreEqual("Schedule", e.ParamName);
        StringAssert.StartsWith(e.Message, "Schedule is cosine:5:0; its warm-up of 5 epochs");
    }

    [TestMethod]
    public void ReduceOnPlateauMultipliesAfterPatienceEpochsWithoutImprovement()
    {
        var s = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 2);
        var state = new ScheduleState();
        s.Observe(1.0, state);
        s.Observe(0.9, state);   // improves
        s.Observe(0.95, state);  // 1 bad
        Assert.AreEqual(0.1, s.Rate(0.1, 3, 10, state), 1e-15);
        s.Observe(0.91, state);  // 2 bad -> reduce
        Assert.AreEqual(0.05, s.Rate(0.1, 4, 10, state), 1e-15);
    }

    [TestMethod]
    public void ParseReadsTheCommandLineForms()
    {
        Assert.AreEqual(LearningRateSchedule.InverseTimeStepped(1, 1000), LearningRateSchedule.Parse("inverse-time:1:1000"));
        Assert.AreEqual(LearningRateSchedule.Exponential(0.95), LearningRateSchedule.Parse("exponential:0.95"));
        Assert.AreEqual(LearningRateSchedule.Cosine(2, 0), LearningRateSchedule.Parse("cosine:2"));
        Assert.AreEqual("plateau:0.5:3", LearningRateSchedule.Parse("plateau:0.5:3").Name);
        var e = Assert.ThrowsExactly<FormatException>(() => LearningRateSchedule.Parse("linear:3"));
        StringAssert.Contains(e.Message, "'linear:3'");
        var e2 = Assert.ThrowsExactly<FormatException>(() => LearningRateSchedule.Parse("exponential:1.5"));
        StringAssert.Contains(e2.Message, "gamma");
    }

    [TestMethod]
    public void PreviewListsTheRatePerEpoch()
    {
        IReadOnlyList<double> step = LearningRateSchedule.Step(2, 0.5).Preview(0.1, 5);
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.05, 0.05, 0.025 }, step.ToArray());
        IReadOnlyList<double> cosine = LearningRateSchedule.Cosine().Preview(0.1, 3);
        Assert.AreEqual(0.1, cosine[0], 1e-15);
        Assert.AreEqual(0.1 * (1 + Math.Cos(Math.PI / 3)) / 2, cosine[1], 1e-12);
        Assert.AreEqual(0.1 * (1 + Math.Cos(2 * Math.PI / 3)) / 2, cosine[2], 1e-12);
        Assert.AreEqual(1, LearningRateSchedule.Constant.Preview(0.01, 1).Count);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant.Preview(0.01, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant.Preview(double.NaN, 3));
    }
}
