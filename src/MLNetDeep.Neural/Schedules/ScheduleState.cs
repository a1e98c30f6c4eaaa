namespace MLNetDeep.Neural.Schedules;

/// <summary>The mutable part of a schedule (only reduce-on-plateau has any), saved in checkpoints.</summary>
internal sealed class ScheduleState
{
    /// <summary>The multiplier applied so far by plateau reductions (1 = none).</summary>
    public double Factor { get; set; } = 1.0;

    /// <summary>The best monitored value seen.</summary>
    public double Best { get; set; } = double.PositiveInfinity;

    /// <summary>Epochs since the best value improved.</summary>
    public int Wait { get; set; }
}
