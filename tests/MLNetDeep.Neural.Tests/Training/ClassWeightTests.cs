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

    [TestMethod]
    public void A_batch_whose_rows_all_weigh_0_has_loss_0_no_data_gradient_and_does_not_count_in_the_epoch_loss()
    {
        // Keras's rule (a weighted mean over weights summing to 0 is 0). The 32 rows of class 1 first, then the 32 of
        // class 0, in batches of 16 without shuffling: with ClassWeights 0,1 batches 3 and 4 weigh 0. Before, the loss
        // threw "example weights of the batch sum to 0" at batch 3. Plain gradient descent: such a step changes nothing
        // but what L2 does, so one epoch equals one on the class-1 rows alone, bit for bit, and so does its loss.
        ExampleSet moons = Moons(64);
        ExampleSet sorted = moons.Subset([.. Enumerable.Range(0, 64).OrderByDescending(i => moons.Targets[i])]);
        Assert.AreEqual(32, sorted.Targets.Count(t => t == 1f));
        ExampleSet ones = sorted.Subset([.. Enumerable.Range(0, 32)]);
        TrainingOptions sgd = Options with { NumberOfEpochs = 1, BatchSize = 16, Shuffle = false, Optimizer = new() { Kind = Neural.Optimizers.OptimizerKind.GradientDescent } };
        foreach (float l2 in new[] { 0f, 2f })
        {
            Network zeroWeighted = Net(), alone = Net();
            TrainingResult a = new NetworkTrainer(zeroWeighted, new BinaryCrossEntropy(), sgd with { L2Regularization = l2, ClassWeights = [0f, 1f] }).Fit(sorted);
            TrainingResult b = new NetworkTrainer(alone, new BinaryCrossEntropy(), sgd with { L2Regularization = l2 }).Fit(ones);
            Assert.AreEqual(b.History[0].Loss, a.History[0].Loss, $"L2 {l2}: the epoch's loss averages the batches that weigh something");
            if (l2 == 0f)
            {
                AssertBitIdentical(Weights(alone), Weights(zeroWeighted), "two steps without data gradient change nothing");
                continue;
            }

            // L2 still applies: each of the two zero-weight steps scales the weight matrices by 1 - lr * lambda / m.
            float[][] expected = Weights(alone), actual = Weights(zeroWeighted);
            double shrink = Math.Pow(1 - sgd.LearningRate * l2 / 16, 2);
            for (int p = 0; p < expected.Length; p++)
            {
                bool matrix = zeroWeighted.Parameters[p].Regularized;
                for (int k = 0; k < expected[p].Length; k++)
                {
                    Assert.AreEqual(expected[p][k] * (matrix ? shrink : 1), actual[p][k], 1e-6, $"parameter {p}[{k}] (regularized: {matrix})");
                }
            }

            Assert.IsGreaterThan(1e-5, Math.Abs(1 - shrink), "the check could fail");
        }

        var loss = new BinaryCrossEntropy();
        var gradient = new float[] { 9f, 9f };
        Assert.AreEqual(0.0, loss.Compute([3f, -1f], [0f, 1f], [0f, 0f], 2, 1, gradient));
        CollectionAssert.AreEqual(new[] { 0f, 0f }, gradient);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => loss.Compute([3f, -1f], [0f, 1f], [1f, -1f], 2, 1, gradient)).Message,
            "the example weight of row 1 is -1; weights must be non-negative.");
    }

    [TestMethod]
    public void Training_rows_that_all_weigh_0_are_refused_up_front_naming_the_class_weights_or_the_example_weights()
    {
        ExampleSet moons = Moons(64);
        ExampleSet zeros = moons.Subset([.. Enumerable.Range(0, 64).Where(i => moons.Targets[i] == 0f)]);
        string Refused(TrainingOptions o, ExampleSet data, ExampleSet? validation = null) => Assert.ThrowsExactly<ArgumentException>(() =>
            new NetworkTrainer(Net(), new BinaryCrossEntropy(), o).Fit(data, validation)).Message;

        StringAssert.Contains(Refused(Options with { ClassWeights = [0f, 1f] }, zeros),
            "ClassWeights is 0,1: the classes of the training data (0) all weigh 0, so every row does; give one of them a positive weight.");
        ExampleSet unweighted = new(moons.Features, moons.FeatureCount, moons.Targets, moons.TargetWidth, new float[moons.Count]);
        StringAssert.Contains(Refused(Options, unweighted), "Every row of the training data weighs 0 (its example weight); at least one row must weigh more than 0.");
        StringAssert.Contains(Refused(Options with { ClassWeights = [1f, 2f] }, unweighted), "Every row of the training data weighs 0 (its example weight times its class's weight)");
        StringAssert.Contains(Refused(Options, moons, unweighted), "Every row of the validation data weighs 0 (its example weight)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => GradientChecker.Check(Net(), new BinaryCrossEntropy(), zeros.Subset([0, 1, 2]),
            new GradientCheckOptions { ClassWeights = [0f, 1f] })).Message, "ClassWeights is 0,1: the classes of the gradient check's rows (0) all weigh 0");
    }

    private static ExampleSet Blobs() => Datasets.SyntheticData.Blobs(90, 3, seed: 1);

    private static ExampleSet WithWeights(ExampleSet data) =>
        new(data.Features, data.FeatureCount, data.Targets, data.TargetWidth, [.. Enumerable.Range(0, data.Count).Select(i => 0.25f + (i % 7) * 0.3f)]);
}
