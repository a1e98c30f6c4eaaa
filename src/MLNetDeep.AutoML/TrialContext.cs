namespace MLNetDeep.AutoML;

using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;

/// <summary>What the pipeline factory of <see cref="SweepExperiment.SetPipeline(Func{TrialContext, IEstimator{ITransformer}}, SweepSpace?)"/> gets for one trial.</summary>
public sealed class TrialContext
{
    internal TrialContext(SweepTrialSettings settings, CancellationToken cancellationToken)
    {
        Settings = settings;
        Context = new MLContext(settings.Seed);
        CancellationToken = cancellationToken;
    }

    /// <summary>The trial's settings: id, parameters and seed.</summary>
    public SweepTrialSettings Settings { get; }

    /// <summary>The trial's hyperparameters (shortcut for <c>Settings.Parameters</c>).</summary>
    public SweepParameters Parameters => Settings.Parameters;

    /// <summary>An ML.NET context seeded with the trial's seed: build the trial's transforms and trainers from it.</summary>
    public MLContext Context { get; }

    /// <summary>Cancelled when the trial must stop (experiment cancelled or out of time, trial pruned, or its claim lost).</summary>
    public CancellationToken CancellationToken { get; }
}
