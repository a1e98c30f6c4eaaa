namespace MLNetDeep.AutoML.Tests;

/// <summary>A timer of <see cref="ManualTimeProvider"/>.</summary>
internal sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;

    /// <summary>When it fires next, or null when it is stopped.</summary>
    public DateTimeOffset? Due { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
        clock.Schedule(this, Due is not null);
        return true;
    }

    public void Fire()
    {
        Due = _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero ? null : Due + _period;
        clock.Schedule(this, Due is not null);
        callback(state);
    }

    public void Dispose()
    {
        Due = null;
        clock.Schedule(this, false);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
