namespace MLNetDeep.Samples.BatchNormalization;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;

/// <summary>
/// Batch normalization's effect on training: the same deep ReLU network (He initialization), the same seed, data and
/// optimizer, once plain and once with batch norm after every hidden Dense layer (before the ReLU; PyTorch's momentum
/// 0.1 and epsilon 1e-5), on the three-arm spirals of data/.
/// </summary>
public static class BatchNormalizationExperiment
{
    /// <summary>Trains both networks: without batch norm first, then with it.</summary>
    public static IReadOnlyList<BatchNormRun> Run(ExampleSet train, ExampleSet test, BatchNormalizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        int classes = (int)train.Targets.Max() + 1;
        var runs = new List<BatchNormRun>();
        foreach (bool batchNorm in new[] { false, true })
        {
            Network network = new NetworkArchitecture { HiddenLayers = settings.HiddenLayers, BatchNorm = batchNorm }.Build(train.FeatureCount, classes);
            network.Initialize(settings.Seed);
            TrainingResult result = new NetworkTrainer(network, new SoftmaxCrossEntropy(), new TrainingOptions
            {
                LearningRate = settings.LearningRate,
                NumberOfEpochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                Optimizer = new OptimizerOptions { Kind = settings.Optimizer },
                Seed = settings.Seed,
                NumberOfThreads = 1,
            }).Fit(train);
            string name = batchNorm ? "With batch norm" : "Without batch norm";
            runs.Add(new BatchNormRun(new CourseRow(name, Course.Accuracy(network, train), Course.Accuracy(network, test)),
                result.History.Select(r => r.Loss).ToArray(), result.History.Select(r => r.Metric).ToArray()));
        }

        return runs;
    }

    /// <summary>The spirals of data/: 3 arms, angle noise 0.2, 300 training points (seed 1) and 150 test points (seed 2).</summary>
    public static (ExampleSet Train, ExampleSet Test) DefaultData() =>
        (SyntheticData.Spirals(100, classes: 3, noise: 0.2, seed: 1), SyntheticData.Spirals(50, classes: 3, noise: 0.2, seed: 2));

    /// <summary>The first epoch (from 1) whose training loss is at most <paramref name="target"/>, or null if none is.</summary>
    public static int? EpochReaching(IReadOnlyList<double> losses, double target)
    {
        ArgumentNullException.ThrowIfNull(losses);
        for (int i = 0; i < losses.Count; i++)
        {
            if (losses[i] <= target)
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>
    /// With <c>--svg DIR</c> in <paramref name="args"/>: the training loss per epoch of both networks on one chart
    /// (<c>loss.svg</c>, <c>data-chart="loss"</c>, one series per network) and, when recorded, their training accuracy
    /// (<c>accuracy.svg</c>, <c>data-chart="metric"</c>). Without it nothing is written.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Draw(IReadOnlyList<BatchNormRun> runs, string[] args)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (SvgFolder.FromArgs(args) is not SvgFolder folder)
        {
            return [];
        }

        var paths = new List<string>
        {
            folder.Write("loss", LineChart.Render(
                [.. runs.Select(r => PerEpoch(r.Row.Model, r.Losses))],
                new ChartOptions { Title = "Batch normalization: training loss per epoch", XLabel = "epoch", YLabel = "loss", Kind = "loss" })),
        };
        if (runs.All(r => r.Accuracies is not null))
        {
            paths.Add(folder.Write("accuracy", LineChart.Render(
                [.. runs.Select(r => PerEpoch(r.Row.Model, r.Accuracies!))],
                new ChartOptions { Title = "Batch normalization: training accuracy per epoch", XLabel = "epoch", YLabel = "accuracy", Kind = "metric" })));
        }

        return paths;
    }

    private static ChartSeries PerEpoch(string name, IReadOnlyList<double> values) =>
        new(name, [.. Enumerable.Range(1, values.Count).Select(e => (double)e)], values);

    /// <summary>Prints the loss curves (every <paramref name="every"/> epochs and the last) and the accuracy table; with <c>--json</c> only the table.</summary>
    public static void Print(IReadOnlyList<BatchNormRun> runs, BatchNormalizationSettings settings, string[] args, int every = 5)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(settings);
        string title = $"Batch normalization: [2, {string.Join(", ", settings.HiddenLayers)}, 3] ReLU, {settings.Optimizer} rate {settings.LearningRate}, " +
            $"mini-batches of {settings.BatchSize}, {settings.Epochs} epochs, spirals";
        if (!args.Contains("--json"))
        {
            Console.WriteLine("Training loss per epoch (mean over the epoch's mini-batches)");
            Console.WriteLine();
            Console.WriteLine($"| Epoch | {string.Join(" | ", runs.Select(r => r.Row.Model))} |");
            Console.WriteLine($"|------:|{string.Join("|", runs.Select(r => new string('-', r.Row.Model.Length + 1) + ":"))}|");
            int epochs = runs[0].Losses.Count;
            for (int e = 1; e <= epochs; e++)
            {
                if (e == 1 || e % every == 0 || e == epochs)
                {
                    Console.WriteLine(FormattableString.Invariant($"| {e,5} | {string.Join(" | ", runs.Select(r => r.Losses[e - 1].ToString("F4", System.Globalization.CultureInfo.InvariantCulture).PadLeft(r.Row.Model.Length)))} |"));
                }
            }

            Console.WriteLine();
        }

        CourseTable.Print(title, runs.Select(r => r.Row).ToArray(), args);
    }
}
