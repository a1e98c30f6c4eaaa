namespace MLNetDeep.Neural.Training;

/// <summary>
/// The loss or the gradient became NaN or infinite during training, or the loss exploded: a mini-batch's loss exceeded
/// <see cref="ExplodedLossFactor"/> times the larger of 1 and the run's first mini-batch loss.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>
    /// How many times the larger of 1 and the run's first mini-batch loss a later mini-batch's loss may reach before
    /// training counts as diverged (a cross-entropy loss that large means logits of about a million: the weights have
    /// blown up, typically from too large a learning rate, even when batch normalization keeps them finite).
    /// </summary>
    public const double ExplodedLossFactor = 1e6;

    internal TrainingDivergedException(int epoch, int batch, double loss, double learningRate, string what, double? firstLoss)
        : base(FormattableString.Invariant(
            $"Training diverged: the {what} became {loss:G5} at epoch {epoch}, batch {batch} (learning rate {learningRate:g4}){(firstLoss is double f ? FormattableString.Invariant($", more than {ExplodedLossFactor:G3} times the first batch's {f:G5}") : "")}. Try a smaller learning rate (e.g. {learningRate / 10:g4}), gradient clipping or normalized features. The network keeps the weights it had at the start of epoch {epoch}."))
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The epoch (from 1) in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The mini-batch (from 1) within the epoch.</summary>
    public int Batch { get; }

    /// <summary>
    /// Whether a mini-batch loss <paramref name="loss"/> means training diverged: it is NaN or infinite
    /// (<paramref name="exploded"/> null), or it exploded relative to the run's first mini-batch loss
    /// <paramref name="firstLoss"/> (see <see cref="ExplodedLossFactor"/>; <paramref name="exploded"/> is that first
    /// loss); the first call of a run (while <paramref name="firstLoss"/> is NaN) records it instead. Both training
    /// backends check every mini-batch with it.
    /// </summary>
    internal static bool LossDiverged(double loss, ref double firstLoss, out double? exploded)
    {
        exploded = null;
        if (!double.IsFinite(loss))
        {
            return true;
        }

        if (double.IsNaN(firstLoss))
        {
            firstLoss = loss;
            return false;
        }

        exploded = firstLoss;
        return loss > ExplodedLossFactor * Math.Max(firstLoss, 1.0);
    }
}
