namespace MLNetDeep.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Losses;

/// <summary>
/// A feed-forward network for binary classification, as an ML.NET estimator: a Boolean label, or a Single one as ML.NET's
/// binary trainers take it (positive when greater than 0; rows whose label is NaN are skipped, with a warning on
/// <c>MLContext.Log</c>: a Boolean cannot be missing, and ML.NET's <c>TextLoader</c> reads an empty Boolean cell as
/// false, so load a label with missing values as Single), one output trained with binary cross-entropy on the logit. The fitted model adds ML.NET's binary output columns: <c>Score</c> (Single, the
/// logit), <c>Probability</c> (Single, its sigmoid) and <c>PredictedLabel</c> (Boolean, Score &gt; 0; false when the
/// Score is NaN, which ML.NET's Boolean cannot mark missing). Create it with
/// <c>mlContext.BinaryClassification.Trainers.FeedForward(...)</c>.
/// </summary>
public sealed class FeedForwardBinaryTrainer : FeedForwardTrainerBase
{
    internal FeedForwardBinaryTrainer(Options options)
        : base(options)
    {
        TrainerOptions = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions { get; }

    private protected override FeedForwardTask Task => FeedForwardTask.BinaryClassification;

    private protected override void CheckLabel(ColumnShape label, string what)
    {
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || label.IsKey || (label.ItemType is not BooleanDataViewType && label.ItemType != NumberDataViewType.Single))
        {
            throw new ArgumentException($"{TrainerName}: the label column '{label.Name}' of the {what} must be Boolean or Single (positive when greater than 0, missing when NaN); found {label}. Convert it, for example with ml.Transforms.Conversion.ConvertType or a CustomMapping.");
        }
    }

    private protected override TrainingDataReader.LabelGetter LabelReader(DataViewRow row, DataViewSchema.Column label, int outputs, string what)
    {
        if (label.Type == NumberDataViewType.Single)
        {
            ValueGetter<float> getSingle = row.GetGetter<float>(label);
            float single = 0;
            return (out float target) =>
            {
                getSingle(ref single);
                target = single > 0 ? 1f : 0f;
                return !float.IsNaN(single);
            };
        }

        ValueGetter<bool> get = row.GetGetter<bool>(label);
        bool value = false;
        return (out float target) =>
        {
            get(ref value);
            target = value ? 1f : 0f;
            return true;
        };
    }

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override Loss CreateLoss() => new BinaryCrossEntropy();

    /// <summary>Options of <see cref="FeedForwardBinaryTrainer"/>; see <see cref="FeedForwardClassifierOptions"/> for every knob.</summary>
    public sealed record Options : FeedForwardClassifierOptions;
}
