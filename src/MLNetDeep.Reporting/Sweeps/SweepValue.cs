namespace MLNetDeep.Reporting.Sweeps;

/// <summary>A trial's value of one parameter.</summary>
/// <param name="Value">The number plotted against the metric: the value itself, or a choice's index among <see cref="SweepAxis.Categories"/>.</param>
/// <param name="Position">Where it lies on the parameter's own scale, in [0, 1] (what a parallel-coordinates axis shows).</param>
/// <param name="Text">The value as text, e.g. <c>0.003</c> or <c>adam</c>.</param>
public readonly record struct SweepValue(double Value, double Position, string Text);
