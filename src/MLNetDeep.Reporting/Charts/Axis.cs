namespace MLNetDeep.Reporting.Charts;

using System.Text;

/// <summary>
/// One axis of a chart: the domain from the data (nice linear or log ticks, or categories at 0, 1, 2, ...), the map to
/// pixels, and its drawing (<c>&lt;g class="axis x-axis" data-scale="linear|log|category"&gt;</c> with one
/// <c>&lt;g class="tick" data-value="V"&gt;</c> per tick, grid lines and the axis label, which says <c>(log scale)</c> on a log axis).
/// </summary>
internal sealed class Axis
{
    private readonly double _lo;
    private readonly double _hi;

    private Axis(double[] ticks, bool log, IReadOnlyList<string>? categories, double pixelFrom, double pixelTo)
    {
        Ticks = ticks;
        IsLog = log;
        Categories = categories;
        PixelFrom = pixelFrom;
        PixelTo = pixelTo;
        if (categories is not null)
        {
            (_lo, _hi) = (-0.5, Math.Max(0.5, categories.Count - 0.5));
        }
        else if (log)
        {
            (_lo, _hi) = (Math.Log10(ticks[0]), Math.Log10(ticks[^1]));
        }
        else
        {
            (_lo, _hi) = (ticks[0], ticks[^1]);
        }
    }

    /// <summary>The tick values (the first and last bound the domain of a numeric axis).</summary>
    public double[] Ticks { get; }

    /// <summary>Whether the axis is logarithmic.</summary>
    public bool IsLog { get; }

    /// <summary>The category names of a categorical axis (values are indices), else null.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>The pixel of the domain's low end.</summary>
    public double PixelFrom { get; }

    /// <summary>The pixel of the domain's high end.</summary>
    public double PixelTo { get; }

    /// <summary>An axis fitted to <paramref name="values"/> (non-finite ones, and non-positive ones on a log axis, ignored).</summary>
    public static Axis Fit(IEnumerable<double> values, bool log, IReadOnlyList<string>? categories, double pixelFrom, double pixelTo, bool includeZero = false)
    {
        if (categories is not null)
        {
            return new Axis(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), false, categories, pixelFrom, pixelTo);
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v) && (!log || v > 0))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (includeZero && !log && double.IsFinite(min))
        {
            min = Math.Min(min, 0);
            max = Math.Max(max, 0);
        }

        double[] ticks = log ? AxisTicks.Log(min, max) : AxisTicks.Linear(min, max);
        return new Axis(ticks, log, null, pixelFrom, pixelTo);
    }

    /// <summary>Whether <paramref name="value"/> can be placed on this axis.</summary>
    public bool CanMap(double value) => double.IsFinite(value) && (!IsLog || value > 0);

    /// <summary>The pixel of <paramref name="value"/> (check <see cref="CanMap"/> first).</summary>
    public double Map(double value)
    {
        double v = IsLog ? Math.Log10(value) : value;
        double t = _hi == _lo ? 0.5 : (v - _lo) / (_hi - _lo);
        return PixelFrom + t * (PixelTo - PixelFrom);
    }

    /// <summary>The label of tick <paramref name="i"/>.</summary>
    public string TickLabel(int i)
    {
        if (Categories is not null)
        {
            return Categories[i];
        }

        if (IsLog)
        {
            return AxisTicks.LogLabel(Ticks[i]);
        }

        double step = Ticks.Length > 1 ? Ticks[1] - Ticks[0] : 1;
        return AxisTicks.Label(Ticks[i], step);
    }

    private string ScaleName => Categories is not null ? "category" : IsLog ? "log" : "linear";

    /// <summary>The axis label as drawn: a log axis says so.</summary>
    private string Labelled(string label) => IsLog && label.Length > 0 ? label + " (log scale)" : label;

    /// <summary>Draws a horizontal axis at <paramref name="y"/> with grid lines up to <paramref name="gridTop"/>.</summary>
    public void DrawX(StringBuilder sb, double y, double gridTop, string label)
    {
        sb.Append("<g class=\"axis x-axis\" data-scale=\"").Append(ScaleName).Append("\">");
        sb.Append("<line class=\"domain\" x1=\"").Append(Svg.F(PixelFrom)).Append("\" x2=\"").Append(Svg.F(PixelTo))
            .Append("\" y1=\"").Append(Svg.F(y)).Append("\" y2=\"").Append(Svg.F(y)).Append("\" stroke=\"#333\"/>");
        for (int i = 0; i < Ticks.Length; i++)
        {
            double x = Map(Ticks[i]);
            sb.Append("<g class=\"tick\" data-value=\"").Append(Svg.Data(Ticks[i])).Append("\">");
            sb.Append("<line x1=\"").Append(Svg.F(x)).Append("\" x2=\"").Append(Svg.F(x)).Append("\" y1=\"").Append(Svg.F(gridTop))
                .Append("\" y2=\"").Append(Svg.F(y)).Append("\" stroke=\"#e5e5e5\"/>");
            Svg.Text(sb, x, y + 14, TickLabel(i));
            sb.Append("</g>");
        }

        if (label.Length > 0)
        {
            Svg.Text(sb, (PixelFrom + PixelTo) / 2, y + 32, Labelled(label), cssClass: "axis-label");
        }

        sb.Append("</g>");
    }

    /// <summary>Draws a vertical axis at <paramref name="x"/> with grid lines across to <paramref name="gridRight"/>.</summary>
    public void DrawY(StringBuilder sb, double x, double gridRight, string label)
    {
        sb.Append("<g class=\"axis y-axis\" data-scale=\"").Append(ScaleName).Append("\">");
        sb.Append("<line class=\"domain\" x1=\"").Append(Svg.F(x)).Append("\" x2=\"").Append(Svg.F(x))
            .Append("\" y1=\"").Append(Svg.F(PixelFrom)).Append("\" y2=\"").Append(Svg.F(PixelTo)).Append("\" stroke=\"#333\"/>");
        for (int i = 0; i < Ticks.Length; i++)
        {
            double y = Map(Ticks[i]);
            sb.Append("<g class=\"tick\" data-value=\"").Append(Svg.Data(Ticks[i])).Append("\">");
            sb.Append("<line x1=\"").Append(Svg.F(x)).Append("\" x2=\"").Append(Svg.F(gridRight)).Append("\" y1=\"").Append(Svg.F(y))
                .Append("\" y2=\"").Append(Svg.F(y)).Append("\" stroke=\"#e5e5e5\"/>");
            Svg.Text(sb, x - 5, y + 4, TickLabel(i), anchor: "end");
            sb.Append("</g>");
        }

        if (label.Length > 0)
        {
            double mid = (PixelFrom + PixelTo) / 2;
            Svg.Text(sb, x - 48, mid, Labelled(label), cssClass: "axis-label", rotate: -90);
        }

        sb.Append("</g>");
    }
}
