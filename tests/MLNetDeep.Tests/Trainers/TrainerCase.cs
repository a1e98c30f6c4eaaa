namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>
/// One task's trainer with its data, label preparation and quality measure, so the estimator checks (as ML.NET's own
/// estimator tests do) are written once and run for all three trainers.
/// </summary>
public abstract class TrainerCase
{
    public static TrainerCase For(string name) => name switch
    {
        "binary" => new Binary(),
        "multiclass" => new Multiclass(),
        "regression" => new Regression(),
        _ => throw new ArgumentException(name),
    };

    public abstract string LabelColumn { get; }

    /// <summary>The lowest acceptable test quality (accuracy or R-squared) of <see cref="Trainer"/> on this data.</summary>
    public abstract double MinimumQuality { get; }

    public abstract PointRow[] Rows(int count, long seed);

    /// <summary>Steps before the trainer (the multiclass label's MapValueToKey); an empty chain otherwise.</summary>
    public abstract IEstimator<ITransformer> Prefix(MLContext ml);

    /// <summary>The trainer with small, fast options (adjusted by <paramref name="tweak"/>).</summary>
    public abstract IEstimator<ITransformer> Trainer(MLContext ml, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null);

    /// <summary>Accuracy (classifiers) or R-squared (regression) of a scored view, from ML.NET's own evaluator.</summary>
    public abstract double Quality(MLContext ml, IDataView scored);

    public IEstimator<ITransformer> Pipeline(MLContext ml, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null) =>
        Prefix(ml).Append(Trainer(ml, tweak));

    private protected static T Small<T>(T options, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak)
        where T : FeedForwardTrainerOptions =>
        (T)(tweak ?? (o => o))(options with { HiddenLayers = [16, 16], NumberOfEpochs = 60, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f, Seed = 3 });

    private sealed class Binary : TrainerCase
    {
        public override string LabelColumn => "Label";

        public override double MinimumQuality => 0.95;

        public override PointRow[] Rows(int count, long seed) => TestData.Circles(count, seed);

        public override IEstimator<ITransformer> Prefix(MLContext ml) => new EstimatorChain<ITransformer>();

        public override IEstimator<ITransformer> Trainer(MLContext ml, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null) =>
            ml.BinaryClassification.Trainers.FeedForward(Small(new FeedForwardBinaryTrainer.Options(), tweak));

        public override double Quality(MLContext ml, IDataView scored) => ml.BinaryClassification.Evaluate(scored).Accuracy;
    }

    private sealed class Multiclass : TrainerCase
    {
        public override string LabelColumn => "Label";

        public override double MinimumQuality => 0.9;

        public override PointRow[] Rows(int count, long seed) => TestData.Spirals(count / 3, seed);

        public override IEstimator<ITransformer> Prefix(MLContext ml) => ml.Transforms.Conversion.MapValueToKey("Label", "Class");

        public override IEstimator<ITransformer> Trainer(MLContext ml, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null) =>
            ml.MulticlassClassification.Trainers.FeedForward(Small(new FeedForwardMulticlassTrainer.Options { NumberOfEpochs = 60 }, tweak));

        public override double Quality(MLContext ml, IDataView scored) => ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
    }

    private sealed class Regression : TrainerCase
    {
        public override string LabelColumn => "Value";

        public override double MinimumQuality => 0.97;

        public override PointRow[] Rows(int count, long seed) => TestData.Surface(count, seed);

        public override IEstimator<ITransformer> Prefix(MLContext ml) => new EstimatorChain<ITransformer>();

        public override IEstimator<ITransformer> Trainer(MLContext ml, Func<FeedForwardTrainerOptions, FeedForwardTrainerOptions>? tweak = null) =>
            ml.Regression.Trainers.FeedForward(Small(new FeedForwardRegressionTrainer.Options { LabelColumnName = "Value" }, tweak));

        public override double Quality(MLContext ml, IDataView scored) => ml.Regression.Evaluate(scored, labelColumnName: "Value").RSquared;
    }
}
