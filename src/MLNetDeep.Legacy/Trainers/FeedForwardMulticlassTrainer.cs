namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Losses;

/// <summary>
/// A feed-forward network for multiclass classification: a key label (from <c>MapValueToKey</c>) with K classes,
/// K outputs trained with softmax cross-entropy. Rows whose key is 0 (missing) are skipped. Produces a
/// <see cref="MulticlassPredictionTransformer"/>.
/// </summary>
public sealed class FeedForwardMulticlassTrainer : FeedForwardTrainerBase<MulticlassPredictionTransformer>
{
    internal FeedForwardMulticlassTrainer(DeepContext context, Options options)
        : base(context, options)
    {
        TrainerOptions = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions { get; }

    private protected override string TrainerName => nameof(FeedForwardMulticlassTrainer);

    private protected override void CheckLabel(SchemaShape.Column label, string what)
    {
        if (label.Kind != SchemaShape.VectorKind.Scalar || !label.IsKey)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' of the {what} must be a key; found {label.Describe()}. Map it with Conversion.MapValueToKey(\"{label.Name}\").");
        }
    }

    private protected override Func<float?> LabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        int count = ((KeyDataViewType)label.Type).Count;
        ValueGetter<uint> get = row.GetGetter<uint>(label);
        return () =>
        {
            uint v = 0;
            get(ref v);
            if (v > count)
            {
                throw new InvalidDataException($"Row {row.Position}: label key {v} is outside its type's range 1..{count}.");
            }

            return v == 0 ? null : v - 1f;
        };
    }

    private protected override int OutputCount(DataViewSchema.Column label)
    {
        int count = ((KeyDataViewType)label.Type).Count;
        if (count < 2)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' has {count} class; at least 2 are needed.");
        }

        return count;
    }

    private protected override Loss CreateLoss() => new SoftmaxCrossEntropy();

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single, false),
        new("PredictedLabel", SchemaShape.VectorKind.Scalar, label.ItemType, true) { KeyValueType = label.KeyValueType },
    ];

    private protected override MulticlassPredictionTransformer CreateTransformer(FeedForwardModelParameters model, DataViewSchema.Column label) =>
        new(model, TrainerOptions.FeatureColumnName, label.KeyValues);

    /// <summary>Options of <see cref="FeedForwardMulticlassTrainer"/>; see <see cref="FeedForwardTrainerOptions"/> for every knob.</summary>
    public sealed record Options : FeedForwardTrainerOptions;
}
