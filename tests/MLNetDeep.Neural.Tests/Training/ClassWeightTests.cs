namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using static TrainingTestData;

/// <summary><see cref="TrainingOptions.ClassWeights"/>: the training rows' weights times their class's weight; validation rows unweighted.</summary>
[TestClass]
public sealed class ClassWeightTests
{
    private static readonly TrainingOptions Options = new() { NumberOfEpochs = 3, BatchSize = 32, LearningRate = 0.01f, NumberOfThreads = 1, Seed = 2 };

    /// <summary><paramref name="data"/> with each row's weight (1 without) times <paramref name="classWeights"/>[its class].</summary>
    private static ExampleSet TimesClassWeights(ExampleSet data, float[] classWeights) =>
        new(data.Features, data.FeatureCount, data.Targets, data.TargetWidth, [.. data.Targets.Select((y, i) => (data.Weights?[i] ?? 1f) * classWeights[(int)y])]);

    [TestMethod]
    public void A_training_row_weighs_its_example_weight_times_its_class_weight()
    {
        float[] classWeights = [0.5f, 3f];
        foreach (ExampleSet data in new[] { Moons(200), WithWeights(Moons(200)) })
        {
            Network byClass = Net(), byRow = Net();
            TrainingResult a = new NetworkTrainer(byClass, new BinaryCrossEntropy(), Options with { ClassWeights = classWeights }).Fit(data);
            TrainingResult b = new NetworkTrainer(byRow, new BinaryCrossEntropy(), Options).Fit(TimesClassWeights(data, classWeights));
            AssertBitIdentical(Weights(byRow), Weights(byClass), data.Weights is null ? "class weights alone" : "class weights times example weights");
            CollectionAssert.AreEqual(b.History.Select(h => h.Loss).ToArray(), a.History.Select(h => h.Loss).ToArray());
        }

        TrainingResult plain = new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options).Fit(Moons(200));
        TrainingResult weighted = new NetworkTrainer(Net(), new BinaryCrossEntropy(), Options with { ClassWeights = classWeights }).Fit(Moons(200));
        Assert.AreNotEqual(plain.History[0].Loss, weighted.History[0].Loss, "the class weights change the training loss");
    }

    [TestMethod]
    public void The_held_out_validation_rows_are_not_class_weighted()
    {
        // The rows ValidationFraction holds out keep their own weight (1 here): the epoch's validation loss is the plain
        // mean loss of the trained network on them, not the class-weighted one.
        ExampleSet data = Moons(200);
        Network n = Net();
        var loss = new BinaryCrossEntropy();
        TrainingResult r = new NetworkTrainer(n, loss, Options with { NumberOfEpochs = 1, ValidationFraction = 0.25f, ClassWeights = [1f, 9f] }).Fit(data);
        (_, ExampleSet held) = NetworkTrainer.SplitValidation(data, 0.25f, Options.Seed);
        var output = new float[held.Count];
        n.Predict(held.Features, held.Count, output);
        double plain = loss.Compute(output, held.Targets, default, held.Count, 1, default);
        double weighted = loss.Compute(output, held.Targets, TimesClassWeights(held, [1f, 9f]).Weights, held.Count, 1, default);
        Assert.AreEqual(plain, r.History[0].ValidationLoss!.Value, 1e-12, $"validation loss: plain {plain}, class-weighted {weighted}");
        Assert.IsGreaterThan(0.005, Math.Abs(weighted - plain), "the check could fail");
    }

    [TestMethod]
    public void Class_weights_that_do_not_fit_the_loss_or_the_targets_are_refused()
    {
        string Refused(Loss loss, ExampleSet data, int outputs, float[] classWeights) => Assert.ThrowsExactly<ArgumentException>(() =>
            new NetworkTrainer(Net(outputs: outputs), loss, Options with { ClassWeights = classWeights }).Fit(data)).Message;

        StringAssert.Contains(Refused(new BinaryCrossEntropy(), Moons(), 1, [1f, 2f, 3f]), "ClassWeights has 3 weights; binary-cross-entropy with 1 output(s) has 2 classes.");
        StringAssert.Contains(Refused(new SoftmaxCrossEntropy(), Blobs(), 3, [1f, 2f]), "ClassWeights has 2 weights; softmax-cross-entropy with 3 output(s) has 3 classes.");
        ExampleSet regression = new([0f, 1f, 2f, 3f], 2, [0.5f, 1f]);
        StringAssert.Contains(Refused(new MeanSquaredError(), regression, 1, [1f, 2f]), "ClassWeights applies to the classification losses; mean-squared-error has no classes.");
        ExampleSet soft = new([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f], 2, [0f, 1f, 0.5f, 1f]);
        StringAssert.Contains(Refused(new BinaryCrossEntropy(), soft, 1, [1f, 2f]), "The training data's target at row 2 is 0.5; ClassWeights needs a class index from 0 to 1.");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (Options with { ClassWeights = [1f, -2f] }).Validate()).Message,
            "ClassWeights is 1,-2; it must be non-negative and finite, not all 0.");
        Assert.ThrowsExactly<ArgumentException>(() => (Options with { ClassWeights = [0f, 0f] }).Validate());
    }

    private static ExampleSet Blobs() => Datasets.SyntheticData.Blobs(90, 3, seed: 1);

    private static ExampleSet WithWeights(ExampleSet data) =>
        new(data.Features, data.FeatureCount, data.Targets, data.TargetWidth, [.. Enumerable.Range(0, data.Count).Select(i => 0.25f + (i % 7) * 0.3f)]);
}
