// Tuner comparison: every tuner of MLNetDeep.AutoML gets the same trial budget on the same Fashion-MNIST subset
// (a fixed random subset of N training images to train and of M test images to validate), over several seeds; the table shows
// the mean and standard deviation of the best validation accuracy per tuner. The search space is the default
// feed-forward space with the epoch range shortened (--max-epochs) to keep the run affordable.
//   dotnet run -c Release --project bench/TunerComparison -- [--trials 20] [--seeds 3] [--train 5000] [--validation 2000]
//       [--max-epochs 10] [--data /usr/share/datasets/fashion-mnist] [--tuners random,grid,coarse-to-fine,hyperband,tpe]
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetDeep;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.Trainers;

int trials = Arg("--trials", 20), seeds = Arg("--seeds", 3), trainRows = Arg("--train", 5000), validationRows = Arg("--validation", 2000);
int maxEpochs = Arg("--max-epochs", 10);
string folder = StringArg("--data", "/usr/share/datasets/fashion-mnist");
string[] tuners = StringArg("--tuners", "random,grid,coarse-to-fine,hyperband,tpe").Split(',');

if (!File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(folder, "train-images-idx3-ubyte")))
{
    Console.WriteLine($"Fashion-MNIST not found in {folder} (Debian package dataset-fashion-mnist, or --data FOLDER); skipping the tuner comparison.");
    return 0;
}

var loader = new MLContext(0);
IDataView train = Subset(loader, loader.Data.LoadFromIdx(Path.Combine(folder, "train")), trainRows);
IDataView validation = Subset(loader, loader.Data.LoadFromIdx(Path.Combine(folder, "t10k")), validationRows);
SweepSpace space = FeedForwardSearchSpace.Create(minEpochs: Math.Min(3, maxEpochs), maxEpochs: maxEpochs);
Console.WriteLine($"Fashion-MNIST: {Rows(train)} training and {Rows(validation)} validation images; {trials} trials per run; " +
    $"seeds 0..{seeds - 1}; default space with NumberOfEpochs {Math.Min(3, maxEpochs)}..{maxEpochs}; {Environment.ProcessorCount} cores.");

var results = new Dictionary<string, List<double>>();
var times = new Dictionary<string, double>();
foreach (string tuner in tuners)
{
    results[tuner] = [];
    var clock = Stopwatch.StartNew();
    for (int seed = 0; seed < seeds; seed++)
    {
        var context = new MLContext(seed);
        SweepExperiment experiment = context.Sweep().CreateExperiment(new SweepExperimentSettings { Seed = seed, StudyName = $"{tuner}-{seed}" })
            .SetPipeline(t => t.Context.Transforms.Conversion.MapValueToKey("Label")
                .Append(t.Context.MulticlassClassification.Trainers.FeedForward(
                    FeedForwardSearchSpace.Apply(new FeedForwardMulticlassTrainer.Options { Seed = t.Settings.Seed }, t.Parameters))), space)
            .SetDataset(train, validation)
            .SetMulticlassClassificationMetric("MicroAccuracy", "Label")
            .SetMaxModelToExplore(trials);
        _ = tuner switch
        {
            "random" => experiment.SetRandomSearchTuner(),
            "grid" => experiment.SetGridSearchTuner(),
            "coarse-to-fine" => experiment.SetCoarseToFineTuner(trialsPerRound: Math.Clamp(trials / 4, 2, 10)),
            "hyperband" => experiment.SetHyperbandTuner(minEpochs: 1, maxEpochs: maxEpochs),
            "tpe" => experiment.SetTpeTuner(startupTrials: Math.Clamp(trials / 4, 2, 10)),
            _ => throw new ArgumentException($"unknown tuner '{tuner}'"),
        };
        SweepTrialResult best = await experiment.RunAsync();
        results[tuner].Add(best.Metric);
        Console.WriteLine(FormattableString.Invariant($"  {tuner,-15} seed {seed}: best accuracy {best.Metric:F4} (trial {best.TrialSettings.TrialId})"));
    }

    times[tuner] = clock.Elapsed.TotalSeconds;
}

Console.WriteLine();
Console.WriteLine("| tuner | mean best accuracy | std | runs | seconds (all seeds) |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (string tuner in tuners)
{
    List<double> v = results[tuner];
    double mean = v.Average();
    double std = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
    Console.WriteLine(FormattableString.Invariant($"| {tuner} | {mean:F4} | {std:F4} | {v.Count} | {times[tuner]:F0} |"));
}

return 0;

// A fixed (seed 0) random subset of about `rows` rows (ML.NET's split; it does not stratify by label).
static IDataView Subset(MLContext context, IDataView data, int rows)
{
    long count = data.GetRowCount() ?? throw new InvalidOperationException("the IDX view knows its row count");
    return rows >= count ? data : context.Data.TrainTestSplit(data, (double)rows / count, seed: 0).TestSet;
}

// The rows of a view (a split's views do not know their count).
static long Rows(IDataView data)
{
    long rows = 0;
    using DataViewRowCursor cursor = data.GetRowCursor([]);
    while (cursor.MoveNext())
    {
        rows++;
    }

    return rows;
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string StringArg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
