namespace MLNetDeep.AutoML;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// What a trial runs with (Microsoft.ML.AutoML's <c>TrialSettings</c>, named apart so that both namespaces can be
/// imported together): its id, the proposed point and its seed.
/// </summary>
public sealed record SweepTrialSettings
{
    /// <summary>The trial's id in its study: 0, 1, 2, ... in the order trials were created. Default 0.</summary>
    public int TrialId { get; init; }

    /// <summary>The hyperparameters; empty until a tuner proposes them. Default empty.</summary>
    public SweepParameters Parameters { get; init; } = new([]);

    /// <summary>
    /// The training seed of the trial: the trial's <c>MLContext</c> is created with it (stock ML.NET trainers use it);
    /// pass it to <c>FeedForwardTrainerOptions.Seed</c> for MLNetDeep's trainers. Derived from the experiment seed and the
    /// trial id. Default 0.
    /// </summary>
    public int Seed { get; init; }
}
