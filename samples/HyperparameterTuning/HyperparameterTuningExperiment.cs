namespace MLNetDeep.Samples.HyperparameterTuning;

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary>
/// The course's hyperparameter-tuning lecture on the spirals of data/: sample on a log scale (learning rate 10^r, r
/// uniform in [-4, 0]; momentum beta = 1 - 10^r, r uniform in [-3, -1]), search coarse to fine (a second round inside
/// the box around the best coarse trials), and contrast the panda (one model, babysat: its curve watched, its rate
/// raised day by day while its final loss keeps falling) with the caviar (many models in parallel through <see cref="SweepExperiment"/>).
/// Every model: [2, 32, 32, 3] ReLU, momentum, mini-batches of 32, 40 epochs; the selection metric is accuracy on the
/// 150-point spiral-test set, used here as the validation set.
/// </summary>
public static class HyperparameterTuningExperiment
{
    /// <summary>Epochs per model.</summary>
    public const int Epochs = 40;

    /// <summary>The search space: learning rate on a log scale in [1e-4, 1], beta on the 1 - 10^r scale in [0.9, 0.999].</summary>
    public static SweepSpace Space() => new SweepSpace()
        .AddFloat("LearningRate", 1e-4, 1, init: 0.01, scale: ParameterScale.Log)
        .AddFloat("Momentum", 0.9, 0.999, init: 0.9, scale: ParameterScale.OneMinusLog);

    /// <summary>Proposes <paramref name="count"/> points with the random tuner and counts them per decade (no training).</summary>
    public static (int[] LearningRate, int[] OneMinusBeta) SampleDecades(int count, int seed)
    {
        var tuner = new RandomSearchTuner(Space(), seed);
        var rate = new int[4];
        var beta = new int[2];
        for (int t = 0; t < count; t++)
        {
            SweepParameters p = tuner.Propose(new SweepTrialSettings { TrialId = t }).Parameters;
            rate[Math.Clamp((int)Math.Floor(Math.Log10(p.GetDouble("LearningRate"))) + 4, 0, 3)]++;
            beta[Math.Clamp((int)Math.Floor(Math.Log10(1 - p.GetDouble("Momentum"))) + 3, 0, 1)]++;
        }

        return (rate, beta);
    }

    /// <summary>Runs the sampling check, the coarse-to-fine search and the babysat model.</summary>
    /// <param name="train">Training data.</param>
    /// <param name="validation">Validation data (the selection metric is its accuracy).</param>
    /// <param name="trialsPerRound">Trials in each of the two rounds. Default 12.</param>
    /// <param name="parallelism">Trials at once. Default 2.</param>
    /// <param name="seed">Seed of the tuner and the models. Default 1.</param>
    public static async Task<TuningResult> RunAsync(IDataView train, IDataView validation, int trialsPerRound = 12, int parallelism = 2, int seed = 1)
    {
        var (rateDecades, betaDecades) = SampleDecades(4000, seed);

        // Caviar: many models at once, coarse to fine. The two rounds run as two calls on one study, so the fine round
        // starts only when every coarse trial has finished (with parallel trials a round could otherwise start early
        // and narrow around the coarse trials finished so far).
        var tuner = new CoarseToFineTuner(Space(), seed, trialsPerRound, topFraction: 0.25, margin: 0.1);
        var collector = new TrialCollector();
        var store = new InMemoryTrialStore();
        var context = new MLContext(seed);
        var clock = Stopwatch.StartNew();
        SweepTrialResult best = null!;
        for (int round = 1; round <= 2; round++)
        {
            SweepTrialResult roundBest = await context.Sweep().CreateExperiment(new SweepExperimentSettings { Parallelism = parallelism, Seed = seed, StudyName = "spirals" })
                .SetPipeline(t => Pipeline(t.Context, t.Parameters.GetDouble("LearningRate"), t.Parameters.GetDouble("Momentum"), t.Settings.Seed), Space())
                .SetDataset(train, validation)
                .SetMulticlassClassificationMetric("MicroAccuracy", "Label")
                .SetMaxModelToExplore(round * trialsPerRound)
                .SetTuner(tuner)
                .SetTrialStore(store, "spirals")
                .SetMonitor(collector)
                .RunAsync().ConfigureAwait(false);
            best = best is null || roundBest.Metric > best.Metric ? roundBest : best;
        }

        double caviarSeconds = clock.Elapsed.TotalSeconds;
        IReadOnlyList<SweepTrialResult> all = collector.Completed;

        double baseline = Accuracy(context, Pipeline(context, 0.01, 0.9, seed).Fit(train), validation);

        // Panda: one model at a time. Day 1 trains at the baseline's rate; while a day ends with a lower training loss
        // than the day before, the next day tries the rate times sqrt(10) (half a decade); the last improving day is kept.
        var days = new List<PandaDay>();
        clock.Restart();
        for (double rate = 0.01; rate <= 1 + 1e-9; rate *= Math.Sqrt(10))
        {
            var curve = new List<EpochRecord>();
            ITransformer model = Pipeline(context, rate, 0.9, seed, curve.Add).Fit(train);
            days.Add(new PandaDay(rate, curve, Accuracy(context, model, validation)));
            if (days.Count > 1 && curve[^1].Loss >= days[^2].Curve[^1].Loss)
            {
                break;
            }
        }

        double pandaSeconds = clock.Elapsed.TotalSeconds;
        PandaDay kept = days.Count > 1 && days[^1].Curve[^1].Loss >= days[^2].Curve[^1].Loss ? days[^2] : days[^1];

        return new TuningResult(rateDecades, betaDecades,
            all.Where(t => tuner.RoundOf(t.TrialSettings.TrialId) == 0).ToArray(),
            all.Where(t => tuner.RoundOf(t.TrialSettings.TrialId) == 1).ToArray(),
            tuner.RangesForRound(1), best, caviarSeconds, baseline, days, kept.Accuracy, pandaSeconds);
    }

    /// <summary>The spirals of data/ as data views: 300 training points (seed 1) and 150 validation points (seed 2).</summary>
    public static (IDataView Train, IDataView Validation) DefaultData()
    {
        var context = new MLContext(0);
        return (context.Data.LoadFromEnumerable(Points(SyntheticData.Spirals(100, classes: 3, noise: 0.2, seed: 1))),
            context.Data.LoadFromEnumerable(Points(SyntheticData.Spirals(50, classes: 3, noise: 0.2, seed: 2))));
    }

    /// <summary>Prints everything; with <c>--json</c> one object with the decade counts, the best trial, the baseline and the panda.</summary>
    public static void Print(TuningResult r, string[] args)
    {
        ArgumentNullException.ThrowIfNull(r);
        CultureInfo c = CultureInfo.InvariantCulture;
        if (args.Contains("--json"))
        {
            var json = new System.Text.Json.Nodes.JsonObject
            {
                ["learningRateDecades"] = new System.Text.Json.Nodes.JsonArray(r.LearningRateDecades.Select(v => (System.Text.Json.Nodes.JsonNode?)v).ToArray()),
                ["oneMinusBetaDecades"] = new System.Text.Json.Nodes.JsonArray(r.OneMinusBetaDecades.Select(v => (System.Text.Json.Nodes.JsonNode?)v).ToArray()),
                ["bestLearningRate"] = r.Best.TrialSettings.Parameters.GetDouble("LearningRate"),
                ["bestMomentum"] = r.Best.TrialSettings.Parameters.GetDouble("Momentum"),
                ["bestAccuracy"] = r.Best.Metric,
                ["baselineAccuracy"] = r.BaselineAccuracy,
                ["pandaAccuracy"] = r.PandaAccuracy,
            };
            Console.WriteLine(json.ToJsonString());
            return;
        }

        int n = r.LearningRateDecades.Sum();
        Console.WriteLine($"Sampling on a log scale ({n} proposals of the random tuner, no training)");
        Console.WriteLine("| learning rate in | share |   | 1 - beta in | share |");
        Console.WriteLine("|---|---:|---|---|---:|");
        string[] rateNames = ["[1e-4, 1e-3)", "[1e-3, 1e-2)", "[1e-2, 1e-1)", "[1e-1, 1]"];
        string[] betaNames = ["[1e-3, 1e-2) (beta 0.99..0.999)", "[1e-2, 1e-1] (beta 0.9..0.99)"];
        for (int i = 0; i < 4; i++)
        {
            string beta = i < 2 ? string.Create(c, $"{betaNames[i]} | {r.OneMinusBetaDecades[i] / (double)n:P1}") : " | ";
            Console.WriteLine(string.Create(c, $"| {rateNames[i]} | {r.LearningRateDecades[i] / (double)n:P1} |   | {beta} |"));
        }

        Console.WriteLine();
        PrintRound("Coarse round (whole space)", r.Coarse);
        Console.WriteLine(string.Create(c, $"Fine round's box: learning rate {Rate(r.FineBox[0].Low):G3}..{Rate(r.FineBox[0].High):G3}, beta {Beta(r.FineBox[1].Low):G4}..{Beta(r.FineBox[1].High):G4}"));
        PrintRound("Fine round", r.Fine);
        SweepParameters bp = r.Best.TrialSettings.Parameters;
        Console.WriteLine(string.Create(c, $"Caviar: {r.Coarse.Count + r.Fine.Count} models, 2 at a time, {r.CaviarSeconds:F2} s; best: trial {r.Best.TrialSettings.TrialId}, rate {bp.GetDouble("LearningRate"):G3}, beta {bp.GetDouble("Momentum"):G4}, accuracy {r.Best.Metric:P1}"));
        Console.WriteLine(string.Create(c, $"Baseline (rate 0.01, beta 0.9): accuracy {r.BaselineAccuracy:P1}"));
        Console.WriteLine();
        Console.WriteLine("Panda: one model at a time, babysat; each day's rate is half a decade up while the final loss keeps falling");
        foreach (PandaDay day in r.PandaDays)
        {
            string losses = string.Join(", ", day.Curve.Where(e => e.Epoch == 1 || e.Epoch % 10 == 0).Select(e => string.Create(c, $"{e.Epoch}: {e.Loss:F3}")));
            Console.WriteLine(string.Create(c, $"  rate {day.LearningRate:G3}: loss by epoch {losses}; accuracy {day.Accuracy:P1}"));
        }

        Console.WriteLine(string.Create(c, $"Panda: {r.PandaDays.Count} models one after another, {r.PandaSeconds:F2} s; kept accuracy {r.PandaAccuracy:P1}"));
    }

    private static void PrintRound(string title, IReadOnlyList<SweepTrialResult> trials)
    {
        Console.WriteLine(title);
        Console.WriteLine("| trial | learning rate | beta | accuracy |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (SweepTrialResult t in trials)
        {
            SweepParameters p = t.TrialSettings.Parameters;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {t.TrialSettings.TrialId} | {p.GetDouble("LearningRate"):G3} | {p.GetDouble("Momentum"):G4} | {t.Metric:P1} |"));
        }

        Console.WriteLine();
    }

    /// <summary>The learning rate at unit coordinate <paramref name="u"/>.</summary>
    public static double Rate(double u) => (double)Space()["LearningRate"].FromUnit(u);

    /// <summary>Beta at unit coordinate <paramref name="u"/>.</summary>
    public static double Beta(double u) => (double)Space()["Momentum"].FromUnit(u);

    private static IEstimator<ITransformer> Pipeline(MLContext context, double rate, double beta, int seed,
        Action<EpochRecord>? progress = null) =>
        context.Transforms.Conversion.MapValueToKey("Label")
            .Append(context.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(context.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
            {
                // The course's setting: a plain network at a fixed rate (not the trainer's batch-norm, cosine default recipe).
                HiddenLayers = [32, 32], BatchNormalization = false, LearningRateSchedule = LearningRateSchedule.Constant,
                Optimizer = OptimizerKind.Momentum, LearningRate = (float)rate, Momentum = (float)beta,
                BatchSize = 32, NumberOfEpochs = Epochs, Seed = seed, NumberOfThreads = 1,
                Progress = progress,
            }));

    private static double Accuracy(MLContext context, ITransformer model, IDataView data) =>
        context.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;

    private static IEnumerable<SpiralPoint> Points(ExampleSet set)
    {
        for (int i = 0; i < set.Count; i++)
        {
            yield return new SpiralPoint { X1 = set.Features[2 * i], X2 = set.Features[(2 * i) + 1], Label = set.Targets[i] };
        }
    }
}
