namespace MLNetDeep.Reporting.Charts;

/// <summary>How a <see cref="ChartSeries"/> is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>A line through the points (a lone point between gaps gets a dot, so it stays visible).</summary>
    Line = 0,

    /// <summary>A dot per point, no line (a scatter plot).</summary>
    Markers = 1,

    /// <summary>A line with a dot per point.</summary>
    LineAndMarkers = 2,
}
