// Usage (from the repository root, Fashion-MNIST from apt-get install dataset-fashion-mnist):
//   dotnet run -c Release --project bench/MLNetDeep.PipelineBench -- fit pipeline|engine [epochs, default 20] [model.zip]
//   dotnet run -c Release --project bench/MLNetDeep.PipelineBench -- score model.zip [rounds, default 7]
// bench/pipeline/run.sh alternates the fit modes in separate processes and scores the model the pipeline saved.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.PipelineBench;
using MLNetDeep.Trainers;

const string Folder = "/usr/share/datasets/fashion-mnist";
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["fit", string mode, ..])
{
    int epochs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : FeedForwardDefaults.NumberOfEpochs;
    string? save = args.Length > 3 ? args[3] : null;
    return mode == "pipeline" ? FitPipeline(epochs, save) : FitEngine(epochs);
}

if (args is ["score", string model, ..])
{
    Scoring.Run(model, Path.Combine(Folder, "t10k"), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7);
    return 0;
}

Console.Error.WriteLine("usage: fit pipeline|engine [epochs] [model.zip] | score model.zip [rounds]");
return 2;

int FitPipeline(int epochs, string? save)
{
    var clock = Stopwatch.StartNew();
    var ml = new MLContext(seed: 1);
    IDataView train = ml.Data.LoadFromIdx(Path.Combine(Folder, "train"));
    IDataView test = ml.Data.LoadFromIdx(Path.Combine(Folder, "t10k"));
    double loaded = clock.Elapsed.TotalSeconds;
    var epochSeconds = new List<double>();
    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
        .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
        {
            NumberOfEpochs = epochs, Progress = r => epochSeconds.Add(r.Seconds),
        }));
    long fitStart = Stopwatch.GetTimestamp();
    ITransformer model = pipeline.Fit(train);
    double fit = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
    double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
    if (save is not null)
    {
        ml.Model.Save(model, train.Schema, save);
    }

    Report("pipeline", loaded, fit, epochSeconds, accuracy);
    return 0;
}

int FitEngine(int epochs)
{
    var clock = Stopwatch.StartNew();
    var ml = new MLContext(seed: 1);
    // The same bytes, read into the engine's batch matrix directly: the reference the pipeline's reading is held to.
    ExampleSet train = Images.Read(ml.Data.LoadFromIdx(Path.Combine(Folder, "train")));
    ExampleSet test = Images.Read(ml.Data.LoadFromIdx(Path.Combine(Folder, "t10k")));
    double loaded = clock.Elapsed.TotalSeconds;
    var o = new FeedForwardMulticlassTrainer.Options();
    Network network = new NetworkArchitecture { HiddenLayers = o.HiddenLayers, BatchNorm = o.BatchNormalization, DropoutRate = o.DropoutRate }
        .Build(train.FeatureCount, 10);
    network.Initialize(o.Seed);
    var trainer = new NetworkTrainer(network, new SoftmaxCrossEntropy(), new TrainingOptions
    {
        LearningRate = o.LearningRate, NumberOfEpochs = epochs, BatchSize = o.BatchSize, Seed = o.Seed,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam }, Schedule = LearningRateSchedule.Cosine(),
    });
    var epochSeconds = new List<double>();
    trainer.EpochCompleted += (_, e) => epochSeconds.Add(e.Record.Seconds);
    long fitStart = Stopwatch.GetTimestamp();
    trainer.Fit(train);
    double fit = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
    var output = new float[test.Count * 10];
    network.Predict(test.Features, test.Count, output);
    int right = 0;
    for (int i = 0; i < test.Count; i++)
    {
        ReadOnlySpan<float> row = output.AsSpan(i * 10, 10);
        right += row.IndexOf(TensorMax(row)) == (int)test.Targets[i] ? 1 : 0;
    }

    Report("engine", loaded, fit, epochSeconds, right / (double)test.Count);
    return 0;
}

static float TensorMax(ReadOnlySpan<float> row) => System.Numerics.Tensors.TensorPrimitives.Max(row);

static void Report(string mode, double loaded, double fit, List<double> epochs, double accuracy)
{
    double[] later = epochs.Skip(1).Order().ToArray();
    string laterMedian = later.Length > 0 ? $"{later[later.Length / 2]:F3} s" : "(one epoch only)";
    Console.WriteLine($"{mode}: load {loaded:F2} s, fit {fit:F2} s (epochs: first {epochs[0]:F2} s, later median {laterMedian}; fit minus epochs {fit - epochs.Sum():F2} s), peak RSS {PeakRss.Megabytes():F0} MB, test accuracy {accuracy:F4}");
}
