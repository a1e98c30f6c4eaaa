namespace MLNetDeep.Reporting.Sweeps;

/// <summary>One parameter of a sweep's search space, as a chart axis.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="LogScale">Whether values spread by decades (searched on a log or power-of-two scale): a log axis when plotted against the metric.</param>
/// <param name="Ticks">Labelled positions on the parameter's own scale (0 = the range's start, 1 = its end), as a parallel-coordinates axis shows them.</param>
/// <param name="Categories">A choice's values in order (<see cref="SweepValue.Value"/> is the index), or null for a numeric parameter.</param>
public sealed record SweepAxis(string Name, bool LogScale, IReadOnlyList<SweepTick> Ticks, IReadOnlyList<string>? Categories = null);
