namespace MLNetDeep.Samples.LearningRateDecay;

using System.Globalization;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;

/// <summary>
/// The course's learning-rate decay exercise (end of the Optimization notebook): the [2, 5, 2, 1] ReLU network with He
/// initialization on the moons, mini-batches of 64, 5000 epochs, initial rate alpha0 = 0.1; gradient descent without
/// decay, with <c>alpha0 / (1 + decayRate * epoch)</c> (decay rate 1) and with the stepped form
/// <c>alpha0 / (1 + decayRate * floor(epoch / timeInterval))</c> (time interval 1000), then momentum (beta 0.9) and
/// Adam with the stepped form. Epochs count from 0 and the rate is set at the start of each epoch.
/// </summary>
public static class LearningRateDecayExperiment
{
    /// <summary>The course's initial learning rate.</summary>
    public const double Alpha0 = 0.1;

    /// <summary>The course's decay rate.</summary>
    public const double DecayRate = 1;

    /// <summary>The course's time interval for the stepped form.</summary>
    public const int TimeInterval = 1000;

    /// <summary>The three schedules, as the first three runs of <see cref="Run"/> use them (the last two reuse the stepped one).</summary>
    public static IReadOnlyList<string> Schedules { get; } = ["no decay", "alpha0 / (1 + epoch)", "alpha0 / (1 + floor(epoch / 1000))"];

    /// <summary>The stepped schedule's rate at <paramref name="epoch"/> (from 0), computed from the course's formula.</summary>
    public static double SteppedRate(int epoch) => Alpha0 / (1 + (DecayRate * Math.Floor(epoch / (double)TimeInterval)));

    /// <summary>The every-epoch schedule's rate at <paramref name="epoch"/> (from 0).</summary>
    public static double InverseTimeRate(int epoch) => Alpha0 / (1 + (DecayRate * epoch));

    /// <summary>Runs the five models in order: GD, GD with decay every epoch, GD stepped, momentum stepped, Adam stepped.</summary>
    public static IReadOnlyList<DecayRun> Run(ExampleSet train, ExampleSet test, int epochs = 5000, long seed = 3)
    {
        var stepped = LearningRateSchedule.InverseTimeStepped(DecayRate, TimeInterval);
        (string Name, string FileName, OptimizerKind Optimizer, LearningRateSchedule Schedule)[] models =
        [
            ("Gradient descent, no decay", "gd-no-decay", OptimizerKind.GradientDescent, LearningRateSchedule.Constant),
            ("Gradient descent, decay every epoch", "gd-decay-every-epoch", OptimizerKind.GradientDescent, LearningRateSchedule.InverseTime(DecayRate)),
            ("Gradient descent, stepped decay", "gd-stepped", OptimizerKind.GradientDescent, stepped),
            ("Momentum (beta 0.9), stepped decay", "momentum-stepped", OptimizerKind.Momentum, stepped),
            ("Adam, stepped decay", "adam-stepped", OptimizerKind.Adam, stepped),
        ];
        var runs = new List<DecayRun>();
        foreach (var (name, fileName, optimizer, schedule) in models)
        {
            Network network = new NetworkArchitecture { HiddenLayers = [5, 2], Initializer = Initializer.HeNormal }.Build(2, 1);
            network.Initialize(seed);
            TrainingResult result = new NetworkTrainer(network, new BinaryCrossEntropy(), new TrainingOptions
            {
                LearningRate = (float)Alpha0,
                NumberOfEpochs = epochs,
                BatchSize = 64,
                Optimizer = new OptimizerOptions { Kind = optimizer, Momentum = 0.9f },
                Schedule = schedule,
                Seed = seed,
                NumberOfThreads = 1,
            }).Fit(train);
            runs.Add(new DecayRun(new CourseRow(name, Course.Accuracy(network, train), Course.Accuracy(network, test)),
                result.History.Select(r => r.LearningRate).ToArray(), fileName, network));
        }

        return runs;
    }

    /// <summary>The epochs (from 0) at which the schedule table is printed: 0, 1, 2, 10, 100, then either side of each step.</summary>
    public static IReadOnlyList<int> ScheduleEpochs(int epochs)
    {
        var list = new SortedSet<int> { 0, 1, 2, 10, 100, epochs - 1 };
        for (int s = TimeInterval; s < epochs; s += TimeInterval)
        {
            list.Add(s - 1);
            list.Add(s);
        }

        return list.Where(e => e >= 0 && e < epochs).ToArray();
    }

    /// <summary>The schedule table's lines: epoch, then each decayed run's rate as the trainer recorded it.</summary>
    public static IReadOnlyList<string> ScheduleLines(IReadOnlyList<DecayRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        DecayRun every = runs[1], stepped = runs[2];
        var lines = new List<string>
        {
            "| Epoch | alpha0 / (1 + epoch) | alpha0 / (1 + floor(epoch / 1000)) |",
            "|------:|---------------------:|-----------------------------------:|",
        };
        foreach (int e in ScheduleEpochs(every.Rates.Count))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {e,5} | {every.Rates[e],20:G6} | {stepped.Rates[e],34:G6} |"));
        }

        return lines;
    }

    /// <summary>Prints the schedule and the accuracy table; with <c>--json</c> only the table.</summary>
    public static void Print(IReadOnlyList<DecayRun> runs, string[] args)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (!args.Contains("--json"))
        {
            Console.WriteLine("Learning rate over the epochs (as the trainer recorded it; alpha0 0.1, decay rate 1)");
            Console.WriteLine();
            foreach (string line in ScheduleLines(runs))
            {
                Console.WriteLine(line);
            }

            Console.WriteLine();
        }

        CourseTable.Print($"Learning-rate decay: [2, 5, 2, 1] ReLU, He initialization, mini-batches of 64, alpha0 0.1, {runs[0].Rates.Count} epochs, moons data",
            runs.Select(r => r.Row).ToArray(), args);
    }

    /// <summary>
    /// With <c>--svg DIR</c> in <paramref name="args"/>: the learning rate per epoch of each of the three schedules as the
    /// trainer recorded it in the first three runs (<c>learning-rate.svg</c>, <c>data-chart="learning-rate"</c>, one series
    /// per schedule named as in <see cref="Schedules"/>, a log rate axis; momentum and Adam use the stepped one) and
    /// each model's decision boundary over the training data (<c>gd-no-decay.svg</c>, <c>gd-decay-every-epoch.svg</c>,
    /// <c>gd-stepped.svg</c>, <c>momentum-stepped.svg</c>, <c>adam-stepped.svg</c>). Without it nothing is written.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Draw(IReadOnlyList<DecayRun> runs, ExampleSet train, string[] args)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (SvgFolder.FromArgs(args) is not SvgFolder folder)
        {
            return [];
        }

        var paths = new List<string>
        {
            folder.Write("learning-rate", LineChart.Render(
                [.. Schedules.Zip(runs, (name, r) => new ChartSeries(name, [.. Enumerable.Range(0, r.Rates.Count).Select(e => (double)e)], r.Rates))],
                new ChartOptions { Title = "Learning rate per epoch (alpha0 0.1, decay rate 1)", XLabel = "epoch", YLabel = "learning rate", LogY = true, Kind = "learning-rate" })),
        };
        foreach (DecayRun run in runs)
        {
            if (run.Network is not null && run.FileName is not null)
            {
                paths.Add(folder.Write(run.FileName, CoursePictures.DecisionBoundary(run.Network, train, run.Row.Model)));
            }
        }

        return paths;
    }

    /// <summary>The course's data: moons with noise 0.2, 300 training points (seed 1, data/moons-train.csv) and 100 test points (seed 2).</summary>
    public static (ExampleSet Train, ExampleSet Test) DefaultData() =>
        (SyntheticData.Moons(300, 0.2, seed: 1), SyntheticData.Moons(100, 0.2, seed: 2));
}
