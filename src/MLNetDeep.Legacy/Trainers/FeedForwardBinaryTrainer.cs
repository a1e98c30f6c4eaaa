namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Losses;

/// <summary>
/// A feed-forward network for binary classification: Boolean label, one output trained with binary cross-entropy on
/// logits. Produces a <see cref="BinaryPredictionTransformer"/>.
/// </summary>
public sealed class FeedForwardBinaryTrainer : FeedForwardTrainerBase<BinaryPredictionTransformer>
{
    internal FeedForwardBinaryTrainer(DeepContext context, Options options)
        : base(context, options)
    {
        TrainerOptions = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions { get; }

    private protected override string TrainerName => nameof(FeedForwardBinaryTrainer);

    private protected override void CheckLabel(SchemaShape.Column label, string what)
    {
        if (label.Kind != SchemaShape.VectorKind.Scalar || label.ItemType is not BooleanDataViewType)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' of the {what} must be Boolean; found {label.Describe()}.");
        }
    }

    private protected override Func<float?> LabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        ValueGetter<bool> get = row.GetGetter<bool>(label);
        return () =>
        {
            bool v = false;
            get(ref v);
            return v ? 1f : 0f;
        };
    }

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override Loss CreateLoss() => new BinaryCrossEntropy();

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single, false),
        new("Probability", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single, false),
        new("PredictedLabel", SchemaShape.VectorKind.Scalar, BooleanDataViewType.Instance, false),
    ];

    private protected override BinaryPredictionTransformer CreateTransformer(FeedForwardModelParameters model, DataViewSchema.Column label) =>
        new(model, TrainerOptions.FeatureColumnName);

    /// <summary>Options of <see cref="FeedForwardBinaryTrainer"/>; see <see cref="FeedForwardTrainerOptions"/> for every knob.</summary>
    public sealed record Options : FeedForwardTrainerOptions;
}
