namespace MLNetDeep.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Losses;

/// <summary>
/// A feed-forward network for multiclass classification, as an ML.NET estimator: a key label (from
/// <c>MapValueToKey</c>) with K classes, K outputs trained with softmax cross-entropy. Rows whose key is missing (0) are
/// skipped. The fitted model adds <c>Score</c> (the K class probabilities, a known-size vector with the class names as
/// slot names) and <c>PredictedLabel</c> (the label's key type with its key values, so <c>MapKeyToValue</c> gives the
/// class back; the missing key when a score is NaN). Create it with <c>mlContext.MulticlassClassification.Trainers.FeedForward(...)</c>.
/// </summary>
public sealed class FeedForwardMulticlassTrainer : FeedForwardTrainerBase
{
    /// <summary>The most classes the trainer accepts (a guard against a mistaken key column with millions of values).</summary>
    public const int MaximumClassCount = 100_000;

    internal FeedForwardMulticlassTrainer(Options options)
        : base(options)
    {
        TrainerOptions = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions { get; }

    private protected override FeedForwardTask Task => FeedForwardTask.MulticlassClassification;

    private protected override void CheckLabel(ColumnShape label, string what)
    {
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || !label.IsKey)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' of the {what} must be a key; found {label}. Map it with ml.Transforms.Conversion.MapValueToKey(\"{label.Name}\").");
        }
    }

    private protected override TrainingDataReader.LabelGetter LabelReader(DataViewRow row, DataViewSchema.Column label, int outputs, string what)
    {
        ValueGetter<uint> get = row.GetGetter<uint>(label);
        uint value = 0;
        return (out float target) =>
        {
            get(ref value);
            if (value > outputs)
            {
                throw new InvalidDataException($"The {what}, row {row.Position}: label key {value} in column '{label.Name}' is outside its type's range 1..{outputs}.");
            }

            target = value - 1f;
            return value != 0;
        };
    }

    private protected override int OutputCount(DataViewSchema.Column label)
    {
        ulong count = ((KeyDataViewType)label.Type).Count;
        if (count is < 2 or > MaximumClassCount)
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' has {count} classes; between 2 and {MaximumClassCount} are needed.");
        }

        return (int)count;
    }

    private protected override Loss CreateLoss() => new SoftmaxCrossEntropy();

    /// <summary>Options of <see cref="FeedForwardMulticlassTrainer"/>; see <see cref="FeedForwardClassifierOptions"/> for every knob.</summary>
    public sealed record Options : FeedForwardClassifierOptions;
}
