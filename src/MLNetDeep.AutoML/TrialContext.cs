namespace MLNetDeep.AutoML;

using MLNetDeep.AutoML.SearchSpaces;

/// <summary>What the pipeline factory of <see cref="AutoMLExperiment.SetPipeline"/> gets for one trial.</summary>
public sealed class TrialContext
{
    internal TrialContext(TrialSettings settings, CancellationToken cancellationToken)
    {
        Settings = settings;
        Context = new DeepContext(settings.Seed);
        CancellationToken = cancellationToken;
    }

    /// <summary>The trial's settings.</summary>
    public TrialSettings Settings { get; }

    /// <summary>The trial's hyperparameters (shortcut for <c>Settings.Parameters</c>).</summary>
    public Parameter Parameters => Settings.Parameters;

    /// <summary>A context seeded with the trial's seed: build the trial's transforms and trainers from it.</summary>
    public DeepContext Context { get; }

    /// <summary>Cancelled when the trial must stop (experiment cancelled or out of time, trial pruned, or its claim lost).</summary>
    public CancellationToken CancellationToken { get; }
}
