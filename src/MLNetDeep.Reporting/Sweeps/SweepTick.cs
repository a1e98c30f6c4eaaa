namespace MLNetDeep.Reporting.Sweeps;

/// <summary>A labelled position on a <see cref="SweepAxis"/>.</summary>
/// <param name="Position">Where on the parameter's scale, in [0, 1].</param>
/// <param name="Label">The value there, as text.</param>
public readonly record struct SweepTick(double Position, string Label);
