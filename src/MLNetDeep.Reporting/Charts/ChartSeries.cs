namespace MLNetDeep.Reporting.Charts;

/// <summary>
/// One named series of a <see cref="LineChart"/>: x and y values of equal length. Non-finite values (NaN, infinities)
/// and, on a log axis, values at or below zero are not drawn: a line breaks there.
/// </summary>
/// <param name="Name">The name in the legend and in the SVG's <c>data-series</c> attribute.</param>
/// <param name="X">The x values (category indices on a categorical x axis).</param>
/// <param name="Y">The y values.</param>
/// <param name="Style">How it is drawn. Default <see cref="SeriesStyle.Line"/>.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesStyle Style = SeriesStyle.Line);
