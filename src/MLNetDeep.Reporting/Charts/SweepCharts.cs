namespace MLNetDeep.Reporting.Charts;

using System.Globalization;
using System.Text;
using MLNetDeep.Reporting.Sweeps;

/// <summary>
/// The pictures of a hyperparameter sweep from its plain <see cref="SweepHistory"/>: the metric per trial with the best
/// so far, each parameter against the metric (a log x axis for parameters searched on a log or power-of-two scale), and
/// a parallel-coordinates view of every trial. Only completed trials with a finite metric are drawn; "best" means the
/// lowest loss (<see cref="SweepTrial.Loss"/>), as the tuners rank trials.
/// </summary>
public static class SweepCharts
{
    /// <summary>
    /// The metric of each trial by trial id (series <c>trial</c>, dots) and the best trial's metric so far (series
    /// <c>best so far</c>, a step line: one vertex per trial plus one per improvement); <c>data-chart="optimization-history"</c>.
    /// </summary>
    /// <param name="history">The sweep.</param>
    public static string OptimizationHistory(SweepHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        string metricName = history.MetricName;
        var done = history.Completed.OrderBy(t => t.Id).ToList();
        var bestX = new List<double>();
        var bestY = new List<double>();
        double bestLoss = double.PositiveInfinity, bestMetric = double.NaN;
        foreach (SweepTrial t in done)
        {
            double loss = t.Loss ?? double.NaN;
            if (double.IsFinite(loss) && loss < bestLoss)
            {
                if (bestX.Count > 0)
                {
                    // A step: the old best holds until this trial, then jumps.
                    bestX.Add(t.Id);
                    bestY.Add(bestMetric);
                }

                bestLoss = loss;
                bestMetric = t.Metric!.Value;
            }

            bestX.Add(t.Id);
            bestY.Add(bestMetric);
        }

        ChartSeries[] series =
        [
            new("trial", done.Select(t => (double)t.Id).ToArray(), done.Select(t => t.Metric!.Value).ToArray(), SeriesStyle.Markers),
            new("best so far", bestX, bestY, SeriesStyle.Line),
        ];
        return LineChart.Render(series, new ChartOptions
        {
            Kind = "optimization-history",
            Title = $"Optimization history ({done.Count} completed trials)",
            XLabel = "trial",
            YLabel = metricName,
        });
    }

    /// <summary>
    /// One parameter against the metric: a dot per trial (series <c>trials</c>) and the best trial (series <c>best</c>).
    /// The x axis is logarithmic for <see cref="SweepAxis.LogScale"/> parameters and categorical for choices;
    /// <c>data-chart="parameter"</c>, <c>data-parameter</c> on the series.
    /// </summary>
    /// <param name="history">The sweep.</param>
    /// <param name="parameterName">One of its axes.</param>
    /// <exception cref="KeyNotFoundException">The sweep has no such parameter.</exception>
    public static string ParameterVsMetric(SweepHistory history, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(history);
        SweepAxis axis = history.Axes.FirstOrDefault(a => a.Name == parameterName)
            ?? throw new KeyNotFoundException($"The sweep has no parameter '{parameterName}'. It has: {string.Join(", ", history.Axes.Select(a => a.Name))}.");
        string metricName = history.MetricName;
        var xs = new List<double>();
        var ys = new List<double>();
        double bestX = double.NaN, bestY = double.NaN, bestLoss = double.PositiveInfinity;
        foreach (SweepTrial t in history.Completed)
        {
            if (!t.Values.TryGetValue(axis.Name, out SweepValue value))
            {
                continue;
            }

            xs.Add(value.Value);
            ys.Add(t.Metric!.Value);
            if (t.Loss is double l && l < bestLoss)
            {
                (bestLoss, bestX, bestY) = (l, value.Value, t.Metric!.Value);
            }
        }

        bool log = axis.LogScale && axis.Categories is null;
        ChartSeries[] series =
        [
            new("trials", xs, ys, SeriesStyle.Markers),
            new("best", double.IsNaN(bestX) ? [] : [bestX], double.IsNaN(bestX) ? [] : [bestY], SeriesStyle.Markers),
        ];
        string svg = LineChart.Render(series, new ChartOptions
        {
            Kind = "parameter",
            Title = $"{metricName} vs {axis.Name}{(log ? " (log scale)" : "")}",
            XLabel = axis.Name,
            YLabel = metricName,
            LogX = log,
            XCategories = axis.Categories,
            Width = 420,
            Height = 300,
        });
        return svg.Replace("data-chart=\"parameter\"", $"data-chart=\"parameter\" data-parameter=\"{Svg.Escape(axis.Name)}\"", StringComparison.Ordinal);
    }

    /// <summary>Whether the parameter has one possible value (a choice of one: a setting fixed for every trial), which no chart can show against the metric.</summary>
    /// <param name="axis">A parameter of the sweep.</param>
    public static bool IsConstant(SweepAxis axis) => axis is { Categories.Count: 1 };

    /// <summary>
    /// Parallel coordinates: a vertical axis per parameter but the constant ones (<see cref="IsConstant"/>; placed by the search space's own scale, so a log-scaled
    /// learning rate spreads by decades) and one for the metric; each trial is a polyline across them
    /// (<c>&lt;path class="trial" data-series="trial ID" data-points="K"&gt;</c>), coloured by its metric, the best one
    /// drawn last and thick. <c>data-chart="parallel-coordinates"</c>.
    /// </summary>
    /// <param name="history">The sweep (its metric is the last axis).</param>
    public static string ParallelCoordinates(SweepHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        string metricName = history.MetricName;
        SweepAxis[] parameters = history.Axes.Where(a => !IsConstant(a)).ToArray();
        var done = history.Completed.ToList();
        int axes = parameters.Length + 1;
        int width = Math.Max(480, 85 * axes + 100);
        const int height = 380;
        const double top = 48, bottom = 310, left = 50;
        double spacing = axes > 1 ? (width - 2 * left) / (axes - 1) : 0;
        double AxisX(int i) => axes == 1 ? width / 2.0 : left + i * spacing;
        double Y(double unit) => bottom - Math.Clamp(unit, 0, 1) * (bottom - top);

        double[] metrics = done.Select(t => t.Metric!.Value).ToArray();
        double[] metricTicks = AxisTicks.Linear(metrics.Length == 0 ? 0 : metrics.Min(), metrics.Length == 0 ? 1 : metrics.Max(), 4);
        double mLo = metricTicks[0], mHi = metricTicks[^1];
        double MetricUnit(double m) => mHi > mLo ? (m - mLo) / (mHi - mLo) : 0.5;

        var sb = new StringBuilder(8192);
        Svg.Open(sb, "parallel-coordinates", $"Parallel coordinates ({done.Count} completed trials)", width, height);
        for (int d = 0; d < axes; d++)
        {
            double x = AxisX(d);
            string name = d < parameters.Length ? parameters[d].Name : metricName;
            sb.Append("<g class=\"axis pc-axis\" data-axis=\"").Append(Svg.Escape(name)).Append("\">");
            sb.Append("<line x1=\"").Append(Svg.F(x)).Append("\" x2=\"").Append(Svg.F(x)).Append("\" y1=\"").Append(Svg.F(top)).Append("\" y2=\"")
                .Append(Svg.F(bottom)).Append("\" stroke=\"#333\"/>");
            Svg.Text(sb, x, bottom + (d % 2 == 0 ? 20 : 38), name, cssClass: "axis-label"); // staggered: long names do not collide
            foreach (var (unit, label) in d < parameters.Length ? parameters[d].Ticks.Select(t => (t.Position, t.Label)) : metricTicks.Select(v => (MetricUnit(v), AxisTicks.Label(v, metricTicks.Length > 1 ? metricTicks[1] - metricTicks[0] : 1))))
            {
                sb.Append("<g class=\"tick\">");
                sb.Append("<line x1=\"").Append(Svg.F(x - 3)).Append("\" x2=\"").Append(Svg.F(x + 3)).Append("\" y1=\"").Append(Svg.F(Y(unit))).Append("\" y2=\"")
                    .Append(Svg.F(Y(unit))).Append("\" stroke=\"#333\"/>");
                Svg.Text(sb, x + 5, Y(unit) + 4, label, anchor: "start");
                sb.Append("</g>");
            }

            sb.Append("</g>");
        }

        SweepTrial? best = history.Best;
        sb.Append("<g class=\"trials\" data-trials=\"").Append(done.Count).Append("\">");
        foreach (SweepTrial t in done.Where(t => t != best).Append(best).OfType<SweepTrial>())
        {
            var points = new List<(double X, double Y)>();
            for (int d = 0; d < parameters.Length; d++)
            {
                if (t.Values.TryGetValue(parameters[d].Name, out SweepValue value))
                {
                    points.Add((AxisX(d), Y(value.Position)));
                }
            }

            double mu = MetricUnit(t.Metric!.Value);
            points.Add((AxisX(parameters.Length), Y(mu)));
            bool isBest = t == best;
            sb.Append("<path class=\"trial").Append(isBest ? " best" : "").Append("\" data-series=\"trial ").Append(t.Id).Append("\" data-points=\"").Append(points.Count)
                .Append("\" data-metric=\"").Append(Svg.Data(t.Metric!.Value)).Append("\" fill=\"none\" stroke=\"").Append(isBest ? "#d62728" : Palette.Sequential(0.15 + 0.7 * mu))
                .Append("\" stroke-width=\"").Append(isBest ? "3" : "1.5").Append("\" stroke-opacity=\"").Append(isBest ? "1" : "0.7").Append("\" d=\"");
            for (int i = 0; i < points.Count; i++)
            {
                sb.Append(i == 0 ? 'M' : 'L').Append(Svg.F(points[i].X)).Append(',').Append(Svg.F(points[i].Y)).Append(' ');
            }

            if (points.Count == 1)
            {
                sb.Append("l0.01,0 "); // a lone axis: a dot-sized segment so the path still has a length
            }

            sb.Length--;
            sb.Append("\"><title>trial ").Append(t.Id).Append(": ").Append(Svg.Escape(metricName)).Append(' ')
                .Append(t.Metric!.Value.ToString("0.####", CultureInfo.InvariantCulture)).Append("</title></path>");
        }

        sb.Append("</g>");
        Svg.Close(sb);
        return sb.ToString();
    }
}
