namespace MLNetDeep.AutoML;

using System.Globalization;

/// <summary>What a run waits for (<see cref="ISweepMonitor.ReportWaiting"/>): a trial another worker holds.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="WorkerId">The worker that claimed it (<c>machine:pid:n</c> unless set), or null when unknown.</param>
/// <param name="LastHeartbeat">Its worker's last heartbeat, or null when none was recorded.</param>
/// <param name="Silence">How long ago that heartbeat was, by this worker's clock.</param>
/// <param name="RequeueIn">How long until the trial is re-queued if its worker stays silent (zero: at the next look).</param>
public sealed record SweepWait(int TrialId, string? WorkerId, DateTimeOffset? LastHeartbeat, TimeSpan Silence, TimeSpan RequeueIn)
{
    /// <summary>
    /// The wait as a sentence, e.g. <c>waiting for trial 3 (worker host:4711:1, last heartbeat 12 s ago): it is re-queued
    /// in 48 s unless its worker reports again</c>.
    /// </summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"waiting for trial {TrialId} (worker {WorkerId ?? "unknown"}, last heartbeat {(LastHeartbeat is null ? "never" : $"{Seconds(Silence)} s ago")}): "
        + $"it is re-queued {(RequeueIn <= TimeSpan.Zero ? "now" : $"in {Seconds(RequeueIn)} s")} unless its worker reports again");

    private static string Seconds(TimeSpan t) => Math.Max(0, t.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
}
