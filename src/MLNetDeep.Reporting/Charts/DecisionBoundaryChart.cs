namespace MLNetDeep.Reporting.Charts;

using System.Text;

/// <summary>
/// The course's picture of a classifier over two features: a coloured grid of the model's prediction over the plane
/// (<c>&lt;g class="boundary" data-cells="N"&gt;</c>) with the data points on top, one
/// <c>&lt;g class="series points" data-series="CLASS" data-points="N"&gt;</c> per class. The model is seen only through
/// a scoring function, so any model works: a transformer scoring a two-column data view, a prediction engine, a lambda.
/// </summary>
public static class DecisionBoundaryChart
{
    /// <summary>Draws with a batch scorer: it gets the grid's x and y values (equal length) and returns one score per point.</summary>
    /// <param name="score">Class index, or probability of class 1 with <see cref="DecisionBoundaryOptions.Probability"/>, per point.</param>
    /// <param name="points">The data; the plane spans them (with a margin). Empty: the plane is [-1, 1] squared.</param>
    /// <param name="options">Titles, class names, resolution, size.</param>
    /// <exception cref="InvalidOperationException">The scorer returned a different number of scores than points.</exception>
    public static string Render(Func<IReadOnlyList<double>, IReadOnlyList<double>, IReadOnlyList<double>> score, IReadOnlyList<LabeledPoint> points, DecisionBoundaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        const double left = 64, right = 16, bottom = 46;
        double top = options.Title.Length > 0 ? 48 : 30;
        double px0 = left, px1 = options.Width - right, py0 = options.Height - bottom, py1 = top;
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        Axis xAxis = Axis.Fit(Padded(finite.Select(p => p.X)), false, null, px0, px1);
        Axis yAxis = Axis.Fit(Padded(finite.Select(p => p.Y)), false, null, py0, py1);

        int n = options.Resolution;
        double gx0 = xAxis.Ticks[0], gx1 = xAxis.Ticks[^1], gy0 = yAxis.Ticks[0], gy1 = yAxis.Ticks[^1];
        var xs = new double[n * n];
        var ys = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                xs[r * n + c] = gx0 + (c + 0.5) * (gx1 - gx0) / n;
                ys[r * n + c] = gy0 + (r + 0.5) * (gy1 - gy0) / n;
            }
        }

        IReadOnlyList<double> scores = score(xs, ys);
        if (scores is null || scores.Count != xs.Length)
        {
            throw new InvalidOperationException($"The scorer returned {scores?.Count ?? 0} scores for {xs.Length} grid points.");
        }

        int classes = Math.Max(options.ClassNames?.Count ?? 0, Math.Max(options.Probability ? 2 : 0, points.Count == 0 ? 0 : points.Max(p => p.Label) + 1));
        string Name(int k) => options.ClassNames is { } names && k >= 0 && k < names.Count ? names[k] : $"class {k}";

        var sb = new StringBuilder(64 * 1024);
        Svg.Open(sb, "decision-boundary", options.Title, options.Width, options.Height);
        sb.Append("<g class=\"boundary\" shape-rendering=\"crispEdges\" data-cells=\"").Append(n * n).Append("\" data-kind=\"").Append(options.Probability ? "probability" : "class").Append("\">");
        double cw = (px1 - px0) / n, ch = (py0 - py1) / n;
        for (int r = 0; r < n; r++)
        {
            // Runs of equal colour in a row become one rectangle.
            int c = 0;
            while (c < n)
            {
                string color = CellColor(scores[r * n + c], options.Probability);
                int end = c + 1;
                while (end < n && CellColor(scores[r * n + end], options.Probability) == color)
                {
                    end++;
                }

                sb.Append("<rect x=\"").Append(Svg.F(px0 + c * cw)).Append("\" y=\"").Append(Svg.F(py0 - (r + 1) * ch))
                    .Append("\" width=\"").Append(Svg.F((end - c) * cw + 0.5)).Append("\" height=\"").Append(Svg.F(ch + 0.5))
                    .Append("\" fill=\"").Append(color).Append("\"/>");
                c = end;
            }
        }

        sb.Append("</g>");
        yAxis.DrawY(sb, px0, px0, options.YLabel);
        xAxis.DrawX(sb, py0, py0, options.XLabel);

        int stride = Math.Max(1, (int)Math.Ceiling(finite.Count / (double)options.MaxPoints));
        var shown = finite.Where((_, i) => i % stride == 0).ToList();
        foreach (var group in shown.GroupBy(p => p.Label).OrderBy(g => g.Key))
        {
            sb.Append("<g class=\"series points\" data-series=\"").Append(Svg.Escape(Name(group.Key))).Append("\" data-points=\"").Append(group.Count()).Append("\">");
            sb.Append("<title>").Append(Svg.Escape(Name(group.Key))).Append("</title>");
            foreach (LabeledPoint p in group)
            {
                sb.Append("<circle class=\"marker\" cx=\"").Append(Svg.F(xAxis.Map(p.X))).Append("\" cy=\"").Append(Svg.F(yAxis.Map(p.Y)))
                    .Append("\" r=\"3\" fill=\"").Append(Palette.Color(group.Key)).Append("\" stroke=\"#222\" stroke-width=\"0.6\"/>");
            }

            sb.Append("</g>");
        }

        LineChart.DrawLegend(sb, Enumerable.Range(0, classes).Select(Name).ToArray(), px0, top - 18, px1);
        Svg.Close(sb);
        return sb.ToString();
    }

    /// <summary>Draws with a per-point scorer (<c>(x, y) =&gt; score</c>), e.g. a prediction engine's <c>Predict</c>.</summary>
    /// <param name="score">Class index, or probability of class 1 with <see cref="DecisionBoundaryOptions.Probability"/>.</param>
    /// <param name="points">The data.</param>
    /// <param name="options">Titles, class names, resolution, size.</param>
    public static string Render(Func<double, double, double> score, IReadOnlyList<LabeledPoint> points, DecisionBoundaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Render((xs, ys) => xs.Select((x, i) => score(x, ys[i])).ToArray(), points, options);
    }

    private static IEnumerable<double> Padded(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0)
        {
            return [-1.0, 1.0];
        }

        double min = v.Min(), max = v.Max();
        double pad = max > min ? (max - min) * 0.05 : 1;
        return [min - pad, max + pad];
    }

    private static string CellColor(double score, bool probability)
    {
        if (!double.IsFinite(score))
        {
            return "#dddddd";
        }

        return probability ? Palette.Diverging(score) : Palette.Tint((int)Math.Round(score), 0.6);
    }
}
