namespace MLNetDeep.AutoML;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>What a trial runs with (ML.NET AutoML's <c>TrialSettings</c>): its id, the proposed point and its seed.</summary>
public sealed record TrialSettings
{
    /// <summary>The trial's id in its study: 0, 1, 2, ... in the order trials were created.</summary>
    public int TrialId { get; init; }

    /// <summary>The hyperparameters; empty until a tuner proposes them.</summary>
    public Parameter Parameters { get; init; } = new([]);

    /// <summary>The training seed of the trial (the trial's <see cref="DeepContext"/> is created with it). Derived from the experiment seed and the trial id.</summary>
    public int Seed { get; init; }
}
