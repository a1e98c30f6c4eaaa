namespace MLNetDeep.Neural.Training;

/// <summary>The loss or the gradient became NaN or infinite during training.</summary>
public sealed class TrainingDivergedException : Exception
{
    internal TrainingDivergedException(int epoch, int batch, double loss, double learningRate, string what)
        : base(FormattableString.Invariant(
            $"Training diverged: the {what} became {loss} at epoch {epoch}, batch {batch} (learning rate {learningRate:G4}). Try a smaller learning rate (e.g. {learningRate / 10:G4}), gradient clipping or normalized features. The network keeps the weights it had at the start of epoch {epoch}."))
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The epoch (from 1) in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The mini-batch (from 1) within the epoch.</summary>
    public int Batch { get; }
}
