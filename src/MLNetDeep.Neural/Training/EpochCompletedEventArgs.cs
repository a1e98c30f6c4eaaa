namespace MLNetDeep.Neural.Training;

/// <summary>Raised after each epoch; set <see cref="Stop"/> to end training after this epoch.</summary>
public sealed class EpochCompletedEventArgs : EventArgs
{
    internal EpochCompletedEventArgs(EpochRecord record, int totalEpochs)
    {
        Record = record;
        TotalEpochs = totalEpochs;
    }

    /// <summary>The epoch's measurements.</summary>
    public EpochRecord Record { get; }

    /// <summary>The number of epochs the run was asked for.</summary>
    public int TotalEpochs { get; }

    /// <summary>Set to true to stop training after this epoch (Keras' <c>stop_training</c>).</summary>
    public bool Stop { get; set; }
}
