namespace MLNetDeep.Samples;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;

/// <summary>The course notebooks' pictures: a trained network's decision boundary over its 2-D data, and cost curves.</summary>
public static class CoursePictures
{
    /// <summary>
    /// The course's interval between plotted costs (every 1000 iterations), shortened for short runs so that a curve
    /// still has about ten points.
    /// </summary>
    public static int CostInterval(int iterations) => Math.Clamp(iterations / 10, 1, 1000);

    /// <summary>
    /// The decision boundary of <paramref name="network"/> (two inputs) over <paramref name="data"/>: the probability of
    /// class 1 for a single sigmoid output (the network returns logits), else the arg-max class.
    /// </summary>
    public static string DecisionBoundary(Network network, ExampleSet data, string title)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (network.InputSize != 2 || data.FeatureCount != 2)
        {
            throw new ArgumentException($"A decision boundary needs two features; the network reads {network.InputSize}.", nameof(network));
        }

        int outputs = network.OutputSize;
        var points = new LabeledPoint[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            int label = outputs == 1 ? (data.Targets[i] > 0.5f ? 1 : 0) : (int)data.Targets[i];
            points[i] = new LabeledPoint(data.Features[2 * i], data.Features[(2 * i) + 1], label);
        }

        return DecisionBoundaryChart.Render(
            (xs, ys) =>
            {
                int n = xs.Count;
                var input = new float[2 * n];
                for (int i = 0; i < n; i++)
                {
                    input[2 * i] = (float)xs[i];
                    input[(2 * i) + 1] = (float)ys[i];
                }

                var output = new float[n * outputs];
                network.Predict(input, n, output);
                var scores = new double[n];
                for (int i = 0; i < n; i++)
                {
                    scores[i] = outputs == 1 ? 1 / (1 + Math.Exp(-output[i])) : ArgMax(output.AsSpan(i * outputs, outputs));
                }

                return scores;
            },
            points,
            new DecisionBoundaryOptions { Title = title, Probability = outputs == 1 });
    }

    /// <summary>
    /// The cost of each model every <see cref="CostInterval"/> iterations (from iteration 0, as the course plots it) on one
    /// chart (<c>data-chart="cost"</c>, one series per model, a log cost axis since the costs differ by decades).
    /// </summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="costs">Each model's name and its cost per iteration (index 0 is iteration 0).</param>
    public static string Costs(string title, IReadOnlyList<(string Name, IReadOnlyList<double> Costs)> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var series = new List<ChartSeries>();
        foreach (var (name, perIteration) in costs)
        {
            int every = CostInterval(perIteration.Count);
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < perIteration.Count; i += every)
            {
                x.Add(i);
                y.Add(perIteration[i]);
            }

            series.Add(new ChartSeries(name, x, y));
        }

        int interval = CostInterval(costs.Count == 0 ? 0 : costs.Max(c => c.Costs.Count));
        return LineChart.Render(series, new ChartOptions
        {
            Title = title,
            XLabel = $"iteration (cost every {interval})",
            YLabel = "cost",
            LogY = true,
            Kind = "cost",
        });
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// With <c>--svg DIR</c> in <paramref name="args"/>: each model's decision boundary over <paramref name="train"/>
    /// (<c>FILENAME.svg</c>) and the models' cost curves on one chart (<c>cost.svg</c>, titled
    /// <c>"{experiment}: cost during training"</c>). Without the flag nothing is written.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> DrawModels(string experiment, IReadOnlyList<CourseModel> models, ExampleSet train, string[] args)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (SvgFolder.FromArgs(args) is not SvgFolder folder)
        {
            return [];
        }

        var paths = models.Select(m => folder.Write(m.FileName, DecisionBoundary(m.Network, train, m.Row.Model))).ToList();
        paths.Add(folder.Write("cost", Costs($"{experiment}: cost during training", [.. models.Select(m => (m.Row.Model, m.Costs))])));
        return paths;
    }
}
