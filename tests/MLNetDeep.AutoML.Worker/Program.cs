// Usage: MLNetDeep.AutoML.Worker <sqlite-file | postgres:CONNECTION-STRING> <study> <trials> <heartbeat-timeout-seconds> <epochs> [epoch-delay-ms]
// Runs one AutoML experiment as a worker of the shared study and exits 0 when the study is complete. The optional delay
// after every epoch keeps a trial running long enough for a test to kill its worker mid-trial on any machine (the
// trials themselves take milliseconds).
using System.Globalization;
using MLNetDeep.Legacy;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Worker;
using MLNetDeep.Neural.Datasets;

string storage = args[0], study = args[1];
ITrialStore store = storage.StartsWith("postgres:", StringComparison.Ordinal)
    ? new PostgresTrialStore(storage["postgres:".Length..])
    : new SqliteTrialStore(storage);
int trials = int.Parse(args[2], CultureInfo.InvariantCulture);
double timeout = double.Parse(args[3], CultureInfo.InvariantCulture);
int epochs = int.Parse(args[4], CultureInfo.InvariantCulture);
int epochDelay = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;

var context = new DeepContext(seed: 1);
var moons = SyntheticData.Moons(400, 0.2, 7);
var points = Enumerable.Range(0, 400).Select(i => new Point { X1 = moons.Features[2 * i], X2 = moons.Features[2 * i + 1], Label = moons.Targets[i] == 1 }).ToArray();
var data = context.Data.LoadFromEnumerable(points);
var split = context.Data.TrainTestSplit(data, 0.25, seed: 1);
var space = new SearchSpace()
    .AddFloat(FeedForwardSearchSpace.LearningRate, 1e-3, 1e-1, 1e-2, ParameterScale.Log)
    .AddInt(FeedForwardSearchSpace.HiddenUnits1, 8, 32, 16, ParameterScale.PowerOfTwo);
var experiment = context.Auto().CreateExperiment(new AutoMLExperimentSettings
{
    WorkerId = $"worker-{Environment.ProcessId}",
    HeartbeatInterval = TimeSpan.FromSeconds(timeout / 4),
    HeartbeatTimeout = TimeSpan.FromSeconds(timeout),
    PollInterval = TimeSpan.FromMilliseconds(200),
});
experiment
    .SetPipeline(t => t.Context.Transforms.Concatenate("Features", "X1", "X2")
        .Append(t.Context.BinaryClassification.Trainers.FeedForward(FeedForwardSearchSpace.Apply(
            new MLNetDeep.Legacy.Trainers.FeedForwardBinaryTrainer.Options
            {
                HiddenLayers = [16], NumberOfEpochs = epochs, BatchSize = 32, NumberOfThreads = 1,
                Progress = epochDelay > 0 ? _ => Thread.Sleep(epochDelay) : null,
            }, t.Parameters))), space)
    .SetDataset(split.TrainSet, split.TestSet)
    .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy)
    .SetMaxModelToExplore(trials)
    .SetRandomSearchTuner(seed: 3)
    .SetTrialStore(store, study);
Console.WriteLine($"worker {Environment.ProcessId} started");
TrialResult best = await experiment.RunAsync();
Console.WriteLine(FormattableString.Invariant($"worker {Environment.ProcessId} done: best trial {best.TrialSettings.TrialId}, accuracy {best.Metric:F3}"));
return 0;
