namespace MLNetDeep.AutoML.Tuners;

/// <summary>
/// Proposes the next trial's hyperparameters and learns from finished trials (Microsoft.ML.AutoML's <c>ITuner</c>, named apart so that both namespaces can be imported together).
/// Every tuner here is deterministic: its proposal for a trial depends only on its seed, the trial id and the finished
/// trials it has been told about, whatever order they arrived in — so a resumed or shared study replays them with
/// <see cref="Update"/> and carries on.
/// </summary>
public interface ISweepTuner
{
    /// <summary>Returns <paramref name="settings"/> (with its trial id and seed filled in) with proposed <see cref="SweepTrialSettings.Parameters"/>.</summary>
    SweepTrialSettings Propose(SweepTrialSettings settings);

    /// <summary>Learns from a finished trial (completed, pruned or failed). Telling it the same trial again replaces the earlier report.</summary>
    void Update(SweepTrialResult result);
}
