namespace MLNetDeep.Reporting.Charts;

using System.Text;

/// <summary>
/// A line or scatter chart of several series with nice ticks, optional log axes and a legend, as standalone SVG.
/// Every series is a <c>&lt;g class="series" data-series="NAME" data-points="N"&gt;</c> (N = points drawn) holding a
/// <c>&lt;path class="line"&gt;</c> and/or <c>&lt;circle class="marker"&gt;</c> elements.
/// </summary>
public static class LineChart
{
    /// <summary>Draws <paramref name="series"/>. An empty list, or series with nothing finite, still gives a valid (empty) chart.</summary>
    /// <exception cref="ArgumentException">A series' X and Y differ in length.</exception>
    public static string Render(IReadOnlyList<ChartSeries> series, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (ChartSeries s in series)
        {
            if (s.X.Count != s.Y.Count)
            {
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
            }
        }

        var sb = new StringBuilder(4096);
        Render(sb, series, options);
        return sb.ToString();
    }

    /// <summary>A generous average advance of the 11-pixel sans-serif text a marker label is drawn in.</summary>
    private const double MarkerCharWidth = 6.2;

    internal static void Render(StringBuilder sb, IReadOnlyList<ChartSeries> series, ChartOptions options)
    {
        const double left = 64, right = 16, bottom = 46;
        double top = options.Title.Length > 0 ? 30 : 12;
        int legendRows = series.Count == 0 ? 0 : 1;
        double legendTop = top;
        top += legendRows * 18;
        double x0 = left, x1 = options.Width - right, y0 = options.Height - bottom, y1 = top;
        Axis xAxis = Axis.Fit(series.SelectMany(s => s.X), options.LogX, options.XCategories, x0, x1);
        Axis yAxis = Axis.Fit(series.SelectMany(s => s.Y), options.LogY, null, y0, y1);

        Svg.Open(sb, options.Kind, options.Title, options.Width, options.Height);
        yAxis.DrawY(sb, x0, x1, options.YLabel);
        xAxis.DrawX(sb, y0, y1, options.XLabel);
        // Each label right of its line, or left of it where it would run past the plot; a label that would overlap one
        // already placed goes a line lower (markers a few epochs apart).
        var placed = new List<(double Left, double Right, int Line)>();
        foreach (var (x, label) in options.XMarkers.Where(m => xAxis.CanMap(m.X)))
        {
            double px = xAxis.Map(x), width = label.Length * MarkerCharWidth;
            bool before = px + 3 + width > x1 && px - 3 - width >= x0;
            double start = before ? px - 3 - width : px + 3;
            int line = 0;
            while (placed.Any(p => p.Line == line && start < p.Right + 4 && p.Left < start + width + 4))
            {
                line++;
            }

            placed.Add((start, start + width, line));
            sb.Append("<g class=\"x-marker\" data-x=\"").Append(Svg.Data(x)).Append("\" data-label=\"").Append(Svg.Escape(label)).Append("\">");
            sb.Append("<line x1=\"").Append(Svg.F(px)).Append("\" x2=\"").Append(Svg.F(px)).Append("\" y1=\"").Append(Svg.F(y1)).Append("\" y2=\"").Append(Svg.F(y0))
                .Append("\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>");
            Svg.Text(sb, before ? px - 3 : px + 3, y1 + 10 + 12 * line, label, anchor: before ? "end" : "start");
            sb.Append("</g>");
        }

        for (int i = 0; i < series.Count; i++)
        {
            DrawSeries(sb, series[i], Palette.Color(i), xAxis, yAxis);
        }

        DrawLegend(sb, series.Select(s => s.Name).ToArray(), x0, legendTop, x1);
        Svg.Close(sb);
    }

    internal static void DrawLegend(StringBuilder sb, IReadOnlyList<string> names, double x, double y, double maxX)
    {
        if (names.Count == 0)
        {
            return;
        }

        sb.Append("<g class=\"legend\">");
        double cx = x;
        for (int i = 0; i < names.Count; i++)
        {
            double w = 26 + 6.2 * names[i].Length;
            if (cx + w > maxX && cx > x)
            {
                break; // no room: the rest of the names stay in the series' data-series attributes and titles
            }

            sb.Append("<g class=\"legend-item\" data-series=\"").Append(Svg.Escape(names[i])).Append("\">");
            sb.Append("<rect x=\"").Append(Svg.F(cx)).Append("\" y=\"").Append(Svg.F(y + 2)).Append("\" width=\"14\" height=\"8\" fill=\"")
                .Append(Palette.Color(i)).Append("\"/>");
            Svg.Text(sb, cx + 18, y + 10, names[i], anchor: "start");
            sb.Append("</g>");
            cx += w;
        }

        sb.Append("</g>");
    }

    private static void DrawSeries(StringBuilder sb, ChartSeries s, string color, Axis xAxis, Axis yAxis)
    {
        var segments = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        int drawn = 0;
        for (int i = 0; i < s.X.Count; i++)
        {
            if (xAxis.CanMap(s.X[i]) && yAxis.CanMap(s.Y[i]))
            {
                current ??= [];
                current.Add((xAxis.Map(s.X[i]), yAxis.Map(s.Y[i])));
                drawn++;
            }
            else if (current is not null)
            {
                segments.Add(current);
                current = null;
            }
        }

        if (current is not null)
        {
            segments.Add(current);
        }

        sb.Append("<g class=\"series\" data-series=\"").Append(Svg.Escape(s.Name)).Append("\" data-points=\"").Append(drawn).Append("\">");
        sb.Append("<title>").Append(Svg.Escape(s.Name)).Append("</title>");
        bool line = s.Style != SeriesStyle.Markers;
        if (line && segments.Any(g => g.Count > 1))
        {
            sb.Append("<path class=\"line\" fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\" d=\"");
            foreach (var segment in segments.Where(g => g.Count > 1))
            {
                for (int i = 0; i < segment.Count; i++)
                {
                    sb.Append(i == 0 ? 'M' : 'L').Append(Svg.F(segment[i].X)).Append(',').Append(Svg.F(segment[i].Y)).Append(' ');
                }
            }

            sb.Length--;
            sb.Append("\"/>");
        }

        foreach (var segment in segments)
        {
            if (s.Style != SeriesStyle.Line || segment.Count == 1)
            {
                foreach (var (x, y) in segment)
                {
                    sb.Append("<circle class=\"marker\" cx=\"").Append(Svg.F(x)).Append("\" cy=\"").Append(Svg.F(y)).Append("\" r=\"3\" fill=\"")
                        .Append(color).Append("\"/>");
                }
            }
        }

        sb.Append("</g>");
    }
}
