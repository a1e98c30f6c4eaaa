namespace MLNetDeep.Reporting.Charts;

/// <summary>Titles, size and axis scales of a chart.</summary>
public sealed record ChartOptions
{
    /// <summary>The title drawn above the chart (and the SVG's <c>&lt;title&gt;</c>).</summary>
    /// <value>Default empty: no title line.</value>
    public string Title { get; init; } = "";

    /// <summary>The x axis label.</summary>
    /// <value>Default empty.</value>
    public string XLabel { get; init; } = "";

    /// <summary>The y axis label.</summary>
    /// <value>Default empty.</value>
    public string YLabel { get; init; } = "";

    /// <summary>Width in pixels (the SVG's <c>width</c> and <c>viewBox</c>).</summary>
    /// <value>Default 640; at least 200.</value>
    public int Width { get; init; } = 640;

    /// <summary>Height in pixels.</summary>
    /// <value>Default 360; at least 150.</value>
    public int Height { get; init; } = 360;

    /// <summary>Whether the x axis is logarithmic (ticks at powers of ten; values at or below zero are not drawn).</summary>
    /// <value>Default false.</value>
    public bool LogX { get; init; }

    /// <summary>Whether the y axis is logarithmic.</summary>
    /// <value>Default false.</value>
    public bool LogY { get; init; }

    /// <summary>Names for a categorical x axis: x values are then indices 0, 1, 2, ... into this list.</summary>
    /// <value>Default null: a numeric x axis.</value>
    public IReadOnlyList<string>? XCategories { get; init; }

    /// <summary>The chart's kind in the SVG's <c>data-chart</c> attribute, for finding it in a report.</summary>
    /// <value>Default <c>line</c>.</value>
    public string Kind { get; init; } = "line";

    /// <summary>Vertical lines drawn across the plot at these x values, each labelled (<c>&lt;g class="x-marker" data-x="X" data-label="LABEL"&gt;</c>).</summary>
    internal IReadOnlyList<(double X, string Label)> XMarkers { get; init; } = [];

    internal void Validate()
    {
        if (Width < 200)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, "Width must be at least 200 pixels.");
        }

        if (Height < 150)
        {
            throw new ArgumentOutOfRangeException(nameof(Height), Height, "Height must be at least 150 pixels.");
        }
    }
}
