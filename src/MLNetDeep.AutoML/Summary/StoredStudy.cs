namespace MLNetDeep.AutoML.Summary;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.Reporting.Sweeps;

/// <summary>
/// A study as a trial store holds it, read at any time (also while workers are running its trials) without building an
/// experiment, its data or its search space: the space is the one the study definition keeps. Reading changes nothing;
/// open the store with <see cref="TrialStores.Open(string, bool)"/>'s <c>readOnly</c> to be sure nothing is created either.
/// </summary>
public sealed class StoredStudy
{
    private StoredStudy(StudyDefinition definition, IReadOnlyList<TrialRecord> trials)
    {
        Definition = definition;
        Trials = trials;
        SweepSpace space = SweepSpace.FromJson(definition.SearchSpaceJson);
        Summary = StudySummary.Create(space, trials);
        History = SweepHistoryBuilder.Build(definition.Name, definition.Metric, space, trials);
    }

    /// <summary>The study's definition: name, search space, metric, direction, and data fingerprint, seed and tuner when known.</summary>
    public StudyDefinition Definition { get; }

    /// <summary>Every trial of the study when it was read, by trial id.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>The trials ranked, counted and each parameter's importance (<c>SweepExperiment.GetSummary</c>'s).</summary>
    public StudySummary Summary { get; }

    /// <summary>The study for MLNetDeep.Reporting's <c>SweepReport.Add</c> (<c>SweepExperiment.GetSweepHistory</c>'s).</summary>
    public SweepHistory History { get; }

    /// <summary>Reads the study <paramref name="name"/> from <paramref name="store"/>; null when the store has no such study.</summary>
    public static StoredStudy? Read(ITrialStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetStudy(name) is { } definition ? new StoredStudy(definition, store.GetTrials(definition.Name)) : null;
    }
}
