namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Schedules;

/// <summary>Everything a run carries from epoch to epoch besides the network's weights; what a checkpoint saves.</summary>
internal sealed class TrainingState(Network network)
{
    /// <summary>
    /// A fingerprint of the weights the run started from (<see cref="Checkpoint.Fingerprint"/> of the network when the
    /// state is made, before any epoch): fresh ones from the seed and initializer, or an initial model's; a resumed run
    /// keeps its checkpoint's.
    /// </summary>
    public long StartWeights { get; set; } = Checkpoint.Fingerprint(network);

    /// <summary>Epochs completed so far (the next epoch's 0-based index).</summary>
    public int CompletedEpochs { get; set; }

    public List<EpochRecord> History { get; } = [];

    public double BestLoss { get; set; } = double.PositiveInfinity;

    /// <summary>The best epoch, from 1; 0 before any.</summary>
    public int BestEpoch { get; set; }

    /// <summary>Epochs since the monitored loss last improved (early stopping).</summary>
    public int Wait { get; set; }

    /// <summary>The weights of the best epoch, kept when early stopping restores them.</summary>
    public float[][]? BestWeights { get; set; }

    public ScheduleState Schedule { get; } = new();

    /// <summary>Seconds trained before this process: the training time a resumed run's checkpoint recorded; 0 for a fresh run.</summary>
    public double EarlierSeconds { get; set; }

    private TimeProvider? _clock;
    private long _started;

    /// <summary>Starts this process's part of the training time (a trainer's run calls it first).</summary>
    public void StartClock(TimeProvider clock)
    {
        _clock = clock;
        _started = clock.GetTimestamp();
    }

    /// <summary>The training time so far: <see cref="EarlierSeconds"/> plus this process's since <see cref="StartClock"/>.</summary>
    public double Seconds => EarlierSeconds + (_clock?.GetElapsedTime(_started).TotalSeconds ?? 0);
}
