namespace MLNetDeep.AutoML.Stores;

using MLNetDeep.Neural.Training;

/// <summary>A trial as a store keeps it.</summary>
public sealed record TrialRecord
{
    /// <summary>The study's name.</summary>
    public required string Study { get; init; }

    /// <summary>The trial's id in the study (0, 1, 2, ... in creation order).</summary>
    public required int TrialId { get; init; }

    /// <summary>The hyperparameters as JSON (<see cref="SearchSpaces.SweepParameters.ToJson"/>).</summary>
    public required string ParametersJson { get; init; }

    /// <summary>The trial's training seed.</summary>
    public int Seed { get; init; }

    /// <summary>The status.</summary>
    public TrialStatus Status { get; init; }

    /// <summary>Per-epoch measurements reported so far.</summary>
    public IReadOnlyList<EpochRecord> Curve { get; init; } = [];

    /// <summary>The loss (lower is better) of a completed trial.</summary>
    public double? Loss { get; init; }

    /// <summary>The metric of a completed trial.</summary>
    public double? Metric { get; init; }

    /// <summary>Wall time in milliseconds of the finished run.</summary>
    public double? DurationInMilliseconds { get; init; }

    /// <summary>Peak managed memory in MiB of the finished run.</summary>
    public double? PeakMemoryInMegaByte { get; init; }

    /// <summary>The error of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>The worker running (or that finished) the trial; null while queued.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The last heartbeat of the running worker.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>How many times the trial was claimed (1 unless it was re-queued).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// The seconds the trial had trained each time a run's time limit stopped it and re-queued it; empty when none did.
    /// Cancellations and re-queues of dead workers leave it as it is.
    /// </summary>
    public IReadOnlyList<double> TimeLimitStops { get; init; } = [];

    /// <summary>When the trial was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the trial finished, if it has.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True for Completed, Failed and Pruned.</summary>
    public bool IsFinished => Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned;

    /// <summary>A trial as <see cref="ITrialStore.CreateTrial"/> stores it: running, claimed by <paramref name="workerId"/>, attempt 1, created and last heard from at <paramref name="now"/>.</summary>
    internal static TrialRecord Created(string study, int trialId, TrialProposal proposal, string workerId, DateTimeOffset now) => new()
    {
        Study = study, TrialId = trialId, ParametersJson = proposal.ParametersJson, Seed = proposal.Seed, Status = TrialStatus.Running,
        WorkerId = workerId, HeartbeatAt = now, Attempts = 1, CreatedAt = now,
    };
}
