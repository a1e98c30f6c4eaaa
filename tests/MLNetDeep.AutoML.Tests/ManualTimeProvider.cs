namespace MLNetDeep.AutoML.Tests;

/// <summary>A clock that moves only when a test moves it; its timers fire (on the caller's thread) when it passes their due time.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private TimeSpan? _jumpAtNextTimer;
    private readonly List<(TimeSpan Due, TaskCompletionSource Created)> _awaited = [];

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        TimeSpan? jump;
        lock (_lock)
        {
            (jump, _jumpAtNextTimer) = (_jumpAtNextTimer, null);
            foreach (var awaited in _awaited.Where(a => a.Due == dueTime))
            {
                awaited.Created.TrySetResult();
            }
        }

        if (jump is TimeSpan by)
        {
            // On another thread, so that whoever creates the timer has it in hand before it fires.
            _ = Task.Run(() => Advance(by));
        }

        return timer;
    }

    /// <summary>
    /// The next time someone creates a timer (a worker starting to wait, say), moves the clock on by
    /// <paramref name="by"/> right after: a test can pass a timeout exactly when the code under test waits on it.
    /// </summary>
    public void AdvanceAtNextTimer(TimeSpan by)
    {
        lock (_lock)
        {
            _jumpAtNextTimer = by;
        }
    }

    /// <summary>Completes when someone creates a timer due <paramref name="dueTime"/> from now (a worker starting a wait of that length, say).</summary>
    public Task TimerCreated(TimeSpan dueTime)
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _awaited.Add((dueTime, created));
        }

        return created.Task;
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, then fires every timer that has fallen due (a periodic one as often as it fell due).</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset end;
        lock (_lock)
        {
            end = _now += by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is DateTimeOffset d && d <= end).OrderBy(t => t.Due).FirstOrDefault();
            }

            if (next is null)
            {
                return;
            }

            next.Fire();
        }
    }

    internal void Schedule(ManualTimer timer, bool active)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    internal DateTimeOffset Now => GetUtcNow();
}
