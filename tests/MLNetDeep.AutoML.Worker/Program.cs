// Usage: MLNetDeep.AutoML.Worker <sqlite-file | postgres:CONNECTION-STRING> <study> <trials> <heartbeat-timeout-seconds> <epochs> [hang]
// Runs one sweep as a worker of the shared study and exits 0 when the study is complete; prints each wait notice. With
// "hang" the worker blocks forever after its first trial's first epoch (a test kills it there, mid-trial).
using System.Globalization;
using Microsoft.ML;
using MLNetDeep;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Worker;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Trainers;

string storage = args[0], study = args[1];
ITrialStore store = storage.StartsWith("postgres:", StringComparison.Ordinal)
    ? new PostgresTrialStore(storage["postgres:".Length..])
    : new SqliteTrialStore(storage);
int trials = int.Parse(args[2], CultureInfo.InvariantCulture);
double timeout = double.Parse(args[3], CultureInfo.InvariantCulture);
int epochs = int.Parse(args[4], CultureInfo.InvariantCulture);
bool hang = args.Length > 5 && args[5] == "hang";

var context = new MLContext(seed: 1);
var moons = SyntheticData.Moons(400, 0.2, 7);
var points = Enumerable.Range(0, 400).Select(i => new Point { X1 = moons.Features[2 * i], X2 = moons.Features[2 * i + 1], Label = moons.Targets[i] == 1 }).ToArray();
var split = context.Data.TrainTestSplit(context.Data.LoadFromEnumerable(points), 0.25, seed: 1);
var space = new SweepSpace()
    .AddFloat("LearningRate", 1e-3, 1e-1, 1e-2, ParameterScale.Log)
    .AddInt("HiddenUnits1", 8, 32, 16, ParameterScale.PowerOfTwo);
using var blocked = new ManualResetEventSlim();
var experiment = context.Sweep().CreateExperiment(new SweepExperimentSettings
{
    WorkerId = $"worker-{Environment.ProcessId}",
    HeartbeatInterval = TimeSpan.FromSeconds(timeout / 4),
    HeartbeatTimeout = TimeSpan.FromSeconds(timeout),
    PollInterval = TimeSpan.FromMilliseconds(200),
});
experiment
    .SetPipeline(t => t.Context.Transforms.Concatenate("Features", "X1", "X2")
        .Append(t.Context.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
            new FeedForwardBinaryTrainer.Options
            {
                HiddenLayers = [16], NumberOfEpochs = epochs, BatchSize = 32, NumberOfThreads = 1, Seed = t.Settings.Seed,
                Progress = hang ? _ => Block(t.Settings.TrialId) : null,
            }, t.Parameters))), space)
    .SetDataset(split.TrainSet, split.TestSet)
    .SetBinaryClassificationMetric("Accuracy")
    .SetMaxModelToExplore(trials)
    .SetRandomSearchTuner(seed: 3)
    .SetTrialStore(store, study)
    .SetMonitor(new WaitPrinter());
Console.WriteLine($"worker {Environment.ProcessId} started");

void Block(int trialId)
{
    Console.WriteLine(FormattableString.Invariant($"blocked in trial {trialId}"));
    blocked.Wait();
}

SweepTrialResult best = await experiment.RunAsync();
Console.WriteLine(FormattableString.Invariant($"worker {Environment.ProcessId} done: best trial {best.TrialSettings.TrialId}, accuracy {best.Metric:F3}"));
return 0;
