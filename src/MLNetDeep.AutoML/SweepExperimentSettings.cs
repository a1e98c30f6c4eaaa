namespace MLNetDeep.AutoML;

/// <summary>Settings of a <see cref="SweepExperiment"/> (the <c>Set*</c> methods change them too).</summary>
public sealed record SweepExperimentSettings
{
    /// <summary>The most trials the study holds (counting trials of earlier runs of the same study); null for no limit. Default null.</summary>
    public int? MaxModels { get; init; }

    /// <summary>Wall-time limit of <see cref="SweepExperiment.RunAsync"/> in seconds; running trials are stopped at the limit and re-queued, a trial stopped by it a second time (in a later run) fails. Null for no limit. Default null.</summary>
    public double? TrainingTimeInSeconds { get; init; }

    /// <summary>Trials run at once in this process. Default 1.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>
    /// The experiment's seed: tuners built by the <c>Set*Tuner</c> methods, the hold-out and cross-validation splits and
    /// every trial's seed derive from it; part of the study (resuming with another is refused). Default 0 (an
    /// <c>MLContext</c>'s seed is not visible to other assemblies).
    /// </summary>
    public int Seed { get; init; }

    /// <summary>The study's name in the trial store. Default <c>default</c>.</summary>
    public string StudyName { get; init; } = "default";

    /// <summary>When the study exists with another search space, metric, data, seed or tuner: false refuses (<see cref="Stores.StudyMismatchException"/>), true forks the study <see cref="Stores.StudyDefinition.ForkName"/>. Default false.</summary>
    public bool ForkOnMismatch { get; init; }

    /// <summary>This process's worker id in the store; null for <c>machine:pid:n</c>. Default null.</summary>
    public string? WorkerId { get; init; }

    /// <summary>How often a running trial's heartbeat is written. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A running trial without a heartbeat for this long is considered dead and re-queued. Default 60 s.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker with nothing to claim looks again while other workers' trials are unfinished; a trial of the same run that ends wakes it at once. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock (heartbeats, time limit, durations). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
