namespace MLNetDeep.Reporting.Charts;

/// <summary>How <see cref="DecisionBoundaryChart"/> draws.</summary>
public sealed record DecisionBoundaryOptions
{
    /// <summary>The title.</summary>
    /// <value>Default <c>Decision boundary</c>.</value>
    public string Title { get; init; } = "Decision boundary";

    /// <summary>The first feature's name (x axis).</summary>
    /// <value>Default <c>x1</c>.</value>
    public string XLabel { get; init; } = "x1";

    /// <summary>The second feature's name (y axis).</summary>
    /// <value>Default <c>x2</c>.</value>
    public string YLabel { get; init; } = "x2";

    /// <summary>The class names by index, for the legend and the point groups' <c>data-series</c>.</summary>
    /// <value>Default null: <c>class 0</c>, <c>class 1</c>, ...</value>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Whether the scorer returns the probability of class 1 (a binary classifier: the grid shades from class 0's colour
    /// through white at 0.5 to class 1's) rather than a class index (each cell in its class's light colour).
    /// </summary>
    /// <value>Default false: class indices.</value>
    public bool Probability { get; init; }

    /// <summary>Grid cells per side (the scorer sees Resolution squared points).</summary>
    /// <value>Default 80 (the course's pictures use a fine mesh); 2 to 400.</value>
    public int Resolution { get; init; } = 80;

    /// <summary>At most this many data points are drawn (every k-th beyond that, in order).</summary>
    /// <value>Default 2000; at least 1.</value>
    public int MaxPoints { get; init; } = 2000;

    /// <summary>Width in pixels.</summary>
    /// <value>Default 520; at least 200.</value>
    public int Width { get; init; } = 520;

    /// <summary>Height in pixels.</summary>
    /// <value>Default 460; at least 150.</value>
    public int Height { get; init; } = 460;

    internal void Validate()
    {
        if (Resolution is < 2 or > 400)
        {
            throw new ArgumentOutOfRangeException(nameof(Resolution), Resolution, "Resolution must be between 2 and 400 cells per side.");
        }

        if (MaxPoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPoints), MaxPoints, "MaxPoints must be at least 1.");
        }

        new ChartOptions { Width = Width, Height = Height }.Validate();
    }
}
