namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Losses;

/// <summary>
/// A feed-forward network for regression: Single label, one output trained with mean squared error. Rows whose label
/// is NaN are skipped (as ML.NET does). Produces a <see cref="RegressionPredictionTransformer"/>.
/// </summary>
public sealed class FeedForwardRegressionTrainer : FeedForwardTrainerBase<RegressionPredictionTransformer>
{
    internal FeedForwardRegressionTrainer(DeepContext context, Options options)
        : base(context, options)
    {
        TrainerOptions = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions { get; }

    private protected override string TrainerName => nameof(FeedForwardRegressionTrainer);

    private protected override void CheckLabel(SchemaShape.Column label, string what)
    {
        if (label.Kind != SchemaShape.VectorKind.Scalar || label.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' of the {what} must be Single; found {label.Describe()}.");
        }
    }

    private protected override Func<float?> LabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        ValueGetter<float> get = row.GetGetter<float>(label);
        return () =>
        {
            float v = 0;
            get(ref v);
            return float.IsNaN(v) ? null : v;
        };
    }

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override Loss CreateLoss() => new MeanSquaredError();

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
        [new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single, false)];

    private protected override RegressionPredictionTransformer CreateTransformer(FeedForwardModelParameters model, DataViewSchema.Column label) =>
        new(model, TrainerOptions.FeatureColumnName);

    /// <summary>
    /// Options of <see cref="FeedForwardRegressionTrainer"/>; see <see cref="FeedForwardTrainerOptions"/> for every knob.
    /// One default differs from the classifiers': <see cref="FeedForwardTrainerOptions.DropoutRate"/> is 0, because
    /// dropout's noise in training and its absence at inference bias a regression output (a smooth surface fitted with
    /// the default recipe: R^2 0.936 with dropout 0.2, 0.982 without).
    /// </summary>
    public sealed record Options : FeedForwardTrainerOptions
    {
        /// <summary>Creates the options with their defaults (dropout 0 for regression).</summary>
        public Options()
        {
            DropoutRate = 0f;
        }
    }
}
