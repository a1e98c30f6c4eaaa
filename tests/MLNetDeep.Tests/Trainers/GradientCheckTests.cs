namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary><c>trainer.CheckGradients(data)</c>: gradient checking of the very network <c>Fit</c> would train.</summary>
[TestClass]
public sealed class GradientCheckTests
{
    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Back_propagation_of_the_trainers_network_matches_centered_differences(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView data = c.Prefix(ml).Fit(ml.Data.LoadFromEnumerable(c.Rows(120, seed: 1))).Transform(ml.Data.LoadFromEnumerable(c.Rows(120, seed: 1)));
        // Batch norm, dropout and L2 are all in the cost the check differentiates.
        Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions> options = o => o with { HiddenLayers = [8, 6], BatchNormalization = true, DropoutRate = 0.2f, L2Regularization = 0.1f, NumberOfEpochs = 1 };
        var trainer = (FeedForwardTrainerBase)c.Trainer(ml, options);

        GradientCheckReport report = trainer.CheckGradients(data);
        Assert.IsTrue(report.Passed, $"difference {report.Difference}; worst: {string.Join("; ", report.Worst)}");
        Assert.IsLessThan(1e-3, report.Difference);

        // The network checked is the one Fit builds: every layer with parameters, in order, each tensor sampled.
        using var model = (IDisposable)c.Trainer(ml, options).Fit(data);
        string[] fitted = ml.Model.GetFeedForwardInfo((ITransformer)model)!.Layers.ToArray();
        CollectionAssert.AreEqual(fitted.Where(l => l.StartsWith("Dense", StringComparison.Ordinal) || l == "BatchNorm").ToArray(),
            report.Parameters.Select(p => (p.Layer, p.LayerName)).Distinct().Select(p => p.LayerName).ToArray());
        Assert.IsTrue(report.Parameters.All(p => p.Checked is > 0 and <= 50), string.Join(", ", report.Parameters.Select(p => p.Checked)));
    }

    [TestMethod]
    public void The_trainers_L2_term_is_in_the_checked_gradient_and_the_seed_decides_the_weights()
    {
        TrainerCase c = TrainerCase.For("binary");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(60, seed: 2));
        GradientCheckReport Check(float l2, int seed) => ((FeedForwardTrainerBase)c.Trainer(ml, o => o with { L2Regularization = l2, Seed = seed }))
            .CheckGradients(data, rows: 8, new GradientCheckOptions { MaxComponentsPerParameter = 5, WorstCount = 100 });
        GradientComponent[] plain = Check(0, 3).Worst.OrderBy(w => (w.Layer, w.Parameter, w.Index)).ToArray();
        GradientComponent[] penalized = Check(50, 3).Worst.OrderBy(w => (w.Layer, w.Parameter, w.Index)).ToArray();
        GradientComponent[] reseeded = Check(0, 4).Worst.OrderBy(w => (w.Layer, w.Parameter, w.Index)).ToArray();
        Assert.HasCount(plain.Length, penalized, "the same components are sampled");
        Assert.IsTrue(plain.Zip(penalized).Any(p => Math.Abs(p.First.Analytic - p.Second.Analytic) > 1e-3), "the trainer's L2 changes the gradient checked");
        Assert.IsTrue(plain.Zip(reseeded).Any(p => p.First.Analytic != p.Second.Analytic), "another Seed, other initial weights");
        GradientCheckReport big = Check(50, 3);
        Assert.IsTrue(big.Passed, $"difference {big.Difference}; worst: {string.Join("; ", big.Worst.Take(5))}");
    }

    [TestMethod]
    public void The_trainers_class_weights_are_in_the_checked_cost()
    {
        TrainerCase c = TrainerCase.For("binary");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(60, seed: 2));
        GradientCheckReport Check(ClassWeights? weights) => ((FeedForwardTrainerBase)ml.BinaryClassification.Trainers.FeedForward(
            new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], ClassWeights = weights, Seed = 3 }))
            .CheckGradients(data, rows: 8, new GradientCheckOptions { MaxComponentsPerParameter = 5, WorstCount = 100 });
        GradientComponent[] plain = Check(null).Worst.OrderBy(w => (w.Layer, w.Parameter, w.Index)).ToArray();
        GradientCheckReport weighted = Check(ClassWeights.Of(1, 50));
        Assert.IsTrue(weighted.Passed, $"difference {weighted.Difference}");
        GradientComponent[] heavy = weighted.Worst.OrderBy(w => (w.Layer, w.Parameter, w.Index)).ToArray();
        Assert.IsTrue(plain.Zip(heavy).Any(p => Math.Abs(p.First.Analytic - p.Second.Analytic) > 1e-3), "weighing the positives 50 times changes the gradient checked");
    }

    [TestMethod]
    public void One_row_through_batch_norm_and_data_without_the_label_are_refused_naming_them()
    {
        TrainerCase c = TrainerCase.For("binary");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(20, seed: 2));
        var trainer = (FeedForwardTrainerBase)c.Trainer(ml, o => o with { BatchNormalization = true });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.CheckGradients(data, rows: 1)).Message, "needs at least 2");
        var elsewhere = (FeedForwardTrainerBase)ml.BinaryClassification.Trainers.FeedForward(labelColumnName: "Missing");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => elsewhere.CheckGradients(data)).Message, "the label column 'Missing' is not in the data");
    }
}
