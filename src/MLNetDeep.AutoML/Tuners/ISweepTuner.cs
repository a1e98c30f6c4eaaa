namespace MLNetDeep.AutoML.Tuners;

/// <summary>
/// Proposes the next trial's hyperparameters and learns from finished trials (ML.NET AutoML's <c>ITuner</c>).
/// Every tuner here is deterministic: its proposal for a trial depends only on its seed, the trial id and the finished
/// trials it has been told about, whatever order they arrived in — so a resumed or shared study replays them with
/// <see cref="Update"/> and carries on.
/// </summary>
public interface ITuner
{
    /// <summary>Returns <paramref name="settings"/> (with its trial id and seed filled in) with proposed <see cref="TrialSettings.Parameters"/>.</summary>
    TrialSettings Propose(TrialSettings settings);

    /// <summary>Learns from a finished trial (completed, pruned or failed). Telling it the same trial again replaces the earlier report.</summary>
    void Update(TrialResult result);
}
