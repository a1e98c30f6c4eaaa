// Side by side: the managed engine and the libtorch backend train the same Fashion-MNIST network (784-256-128-10,
// batch norm, dropout 0.2, Adam 0.003, batch 128, seed 1) in separate processes, alternating, and report epoch time,
// peak memory (VmHWM) and test accuracy. Usage:
//   dotnet run -c Release --project bench/BackendComparison -- [--epochs 3] [--rounds 3] [--threads 2]
using System.Diagnostics;
using System.Globalization;
using MLNetDeep.Samples;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using MLNetDeep.TorchSharp;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int epochs = Arg("--epochs", 3), rounds = Arg("--rounds", 3), threads = Arg("--threads", 2);
string? child = args.SkipWhile(a => a != "--child").Skip(1).FirstOrDefault();
if (child is not null)
{
    RunChild(child, epochs, threads);
    return 0;
}

if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine($"Fashion-MNIST is not under {FashionMnist.DefaultFolder}: apt-get install dataset-fashion-mnist");
    return 1;
}

Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores, {threads} threads, {epochs} epochs, {rounds} rounds");
var results = new Dictionary<string, List<string[]>> { ["managed"] = [], ["torchsharp"] = [] };
for (int r = 0; r < rounds; r++)
{
    string[] order = r % 2 == 0 ? ["managed", "torchsharp"] : ["torchsharp", "managed"];
    foreach (string backend in order)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (string a in new[] { "--child", backend, "--epochs", epochs.ToString(), "--threads", threads.ToString() })
        {
            start.ArgumentList.Add(a);
        }

        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Insert(0, typeof(FashionMnist).Assembly.Location);
        }

        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string line = output.Split('\n').Last(l => l.StartsWith("RESULT", StringComparison.Ordinal));
        Console.WriteLine($"round {r + 1}: {line}   (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        results[backend].Add(line.Split(' '));
    }
}

Console.WriteLine();
Console.WriteLine("| backend | first epoch (s) | later epochs, median (s) | peak RSS, median (MB) | test accuracy |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach ((string backend, List<string[]> runs) in results)
{
    double first = Median(runs.Select(r => Field(r, "first")));
    double later = Median(runs.Select(r => Field(r, "later")));
    double peak = Median(runs.Select(r => Field(r, "peak_mb")));
    string acc = string.Join(" / ", runs.Select(r => Field(r, "accuracy").ToString("F4")));
    Console.WriteLine($"| {backend} | {first:F2} | {later:F2} | {peak:F0} | {acc} |");
}

Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Field(string[] parts, string name) =>
    double.Parse(parts.First(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

static double Median(IEnumerable<double> values)
{
    double[] v = values.Order().ToArray();
    return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
}

static void RunChild(string backendName, int epochs, int threads)
{
    ExampleSet train = FashionMnist.Load(FashionMnist.DefaultFolder, "train"), test = FashionMnist.Load(FashionMnist.DefaultFolder, "t10k");
    TrainingBackend backend = backendName == "managed" ? TrainingBackend.Managed : new TorchSharpBackend();
    Network n = new NetworkArchitecture { HiddenLayers = [256, 128], BatchNorm = true, DropoutRate = 0.2f }.Build(784, 10);
    n.Initialize(1);
    INetworkTrainer trainer = backend.CreateTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions
    {
        LearningRate = 0.003f, NumberOfEpochs = epochs, BatchSize = 128, Seed = 1, NumberOfThreads = threads,
    });
    var seconds = new List<double>();
    var rss = new List<double>();
    trainer.EpochCompleted += (_, e) =>
    {
        seconds.Add(e.Record.Seconds);
        rss.Add(Status("VmRSS:"));
    };
    trainer.Fit(train);
    var output = new float[test.Count * 10];
    n.Predict(test.Features, test.Count, output);
    double accuracy = new SoftmaxCrossEntropy().MetricSum(output, test.Targets, test.Count, 10) / test.Count;
    double peakMb = Status("VmHWM:");
    double later = seconds.Count > 1 ? seconds.Skip(1).Order().ElementAt((seconds.Count - 1) / 2) : seconds[0];
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT backend={backendName} first={seconds[0]:F3} later={later:F3} epochs={string.Join(",", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} peak_mb={peakMb:F0} rss_mb_per_epoch={string.Join(",", rss.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} accuracy={accuracy:F4}"));
}

// A /proc/self/status memory line (VmRSS, VmHWM) in MB.
static double Status(string key) => double.Parse(
    File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
