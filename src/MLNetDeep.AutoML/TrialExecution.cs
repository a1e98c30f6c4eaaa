namespace MLNetDeep.AutoML;

using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Neural.Training;

/// <summary>
/// The running state of one trial in a worker: its own cancellation (linked to the run's, cancelled when it is pruned
/// or its claim is lost), its heartbeat timer, the per-epoch curve it reports to the store and the pruner, its peak
/// memory and its clock.
/// </summary>
internal sealed class TrialExecution : IDisposable
{
    /// <summary>
    /// The curve goes to the store with the first epoch, then at most once this often (and whole when the trial ends):
    /// a store write (a SQLite or PostgreSQL transaction) per epoch cost more than the epochs of a small model.
    /// </summary>
    internal static readonly TimeSpan CurveWriteInterval = TimeSpan.FromSeconds(1);

    private readonly ExperimentRun.Setup _s;
    private readonly SweepTrialSettings _settings;
    private readonly string _worker;
    private readonly ITrialPruner? _pruner;
    private readonly CancellationTokenSource _cancel;
    private readonly ITimer _heartbeat;
    private readonly List<EpochRecord> _curve = [];
    private readonly long _started;
    private long? _curveWrittenAt;
    private double _peak;
    private int _pruned;
    private int _lost;
    private int _done;

    public TrialExecution(ExperimentRun.Setup setup, SweepTrialSettings settings, string worker, ITrialPruner? pruner, CancellationToken runToken)
    {
        _s = setup;
        _settings = settings;
        _worker = worker;
        _pruner = pruner;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        _peak = MemoryMb();
        _started = Time.GetTimestamp();
        _heartbeat = Time.CreateTimer(_ => Beat(), null, setup.Settings.HeartbeatInterval, setup.Settings.HeartbeatInterval);
        Progress = Report;
    }

    /// <summary>Cancelled when the trial must stop.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The per-epoch callback handed to the trainer.</summary>
    public Action<EpochRecord> Progress { get; }

    /// <summary>Whether the pruner stopped the trial (and it still owns its claim).</summary>
    public bool WasPruned => Volatile.Read(ref _pruned) == 1 && Volatile.Read(ref _lost) == 0;

    private TimeProvider Time => _s.Settings.TimeProvider;

    /// <summary>Marks training over: heartbeats and reports that come later do not cancel it any more.</summary>
    public void End() => Volatile.Write(ref _done, 1);

    /// <summary>How long the trial has run.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(_started);

    /// <summary>Gives the trial back to the queue (with <paramref name="timeLimitStops"/> when not null) unless another worker owns it now.</summary>
    public void ReleaseUnlessLost(IReadOnlyList<double>? timeLimitStops = null)
    {
        if (Volatile.Read(ref _lost) == 0)
        {
            _s.Store.Release(_s.Study, _settings.TrialId, _worker, timeLimitStops);
        }
    }

    /// <summary><paramref name="result"/> with the trial's duration, peak memory and curve.</summary>
    public SweepTrialResult Complete(SweepTrialResult result)
    {
        EpochRecord[] curve;
        lock (_curve)
        {
            curve = [.. _curve];
        }

        return result with
        {
            DurationInMilliseconds = Elapsed.TotalMilliseconds,
            PeakMemoryInMegaByte = Math.Max(_peak, MemoryMb()),
            Curve = curve,
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _heartbeat.Dispose();
        _cancel.Dispose();
    }

    private void Report(EpochRecord record)
    {
        EpochRecord[]? snapshot = null;
        lock (_curve)
        {
            _curve.Add(record);
            if (_curveWrittenAt is not long at || Time.GetElapsedTime(at) >= CurveWriteInterval)
            {
                snapshot = [.. _curve];
                _curveWrittenAt = Time.GetTimestamp();
            }
        }

        _peak = Math.Max(_peak, MemoryMb());
        if (snapshot is not null && !_s.Store.ReportEpochs(_s.Study, _settings.TrialId, _worker, snapshot, Time.GetUtcNow()))
        {
            Lose();
            return;
        }

        if (_pruner is not null && _pruner.ShouldPrune(_settings.TrialId, record.Epoch, HyperbandTuner.IntermediateLoss(record)) && Interlocked.Exchange(ref _pruned, 1) == 0)
        {
            _cancel.Cancel();
        }
    }

    private void Beat()
    {
        try
        {
            if (Volatile.Read(ref _done) == 0 && !_s.Store.Heartbeat(_s.Study, _settings.TrialId, _worker, Time.GetUtcNow()))
            {
                Lose();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A store that is briefly unreachable must not crash the process from a timer thread; the next beat retries,
            // and if none gets through before the timeout the trial is re-queued and this worker's writes are refused.
        }
    }

    private void Lose()
    {
        if (Volatile.Read(ref _done) == 0 && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            _cancel.Cancel();
        }
    }

    private static double MemoryMb() => GC.GetTotalMemory(false) / (1024.0 * 1024.0);
}
