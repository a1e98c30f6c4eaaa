// Single-row ONNX Runtime latency of an exported network with batch norm folded into the Gemms vs kept as
// BatchNormalization nodes (docs/onnx.md, "Batch normalization"). Stopwatch percentiles over alternating rounds, so
// that load from other processes falls on both variants alike. Usage:
//   dotnet run -c Release --project bench/MLNetDeep.OnnxLatency -- [rounds, default 6] [runs per round, default 20000]
using Microsoft.ML.OnnxRuntime;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Onnx;
using MLNetDeep.OnnxLatency;

int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 6;
int runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20000;

(string Name, int Inputs, int[] Hidden, int Outputs)[] shapes =
[
    ("784-256-128-10 (Fashion-MNIST default recipe)", 784, [256, 128], 10),
    ("2-64-32-3 (the README's spirals pipeline)", 2, [64, 32], 3),
];
GraphOptimizationLevel[] levels = [GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_DISABLE_ALL];

Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, 1 intra-op thread, {rounds} alternating rounds x {runs} single-row runs; microseconds");
Console.WriteLine("| network | ORT optimization | batch norm | nodes | p50 | p90 | p99 |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
foreach (var shape in shapes)
{
    Network network = new NetworkArchitecture { HiddenLayers = shape.Hidden, BatchNorm = true, DropoutRate = 0.2f }.Build(shape.Inputs, shape.Outputs);
    network.Initialize(1);
    var rng = new Rng(2);
    foreach (BatchNorm bn in network.Layers.OfType<BatchNorm>())
    {
        for (int i = 0; i < bn.InputSize; i++)
        {
            bn.Gamma.Value[i] = 0.5f + rng.NextSingle();
            bn.Beta.Value[i] = rng.NextSingle() - 0.5f;
            bn.State[0][i] = rng.NextSingle() - 0.5f;
            bn.State[1][i] = 0.5f + rng.NextSingle();
        }
    }

    float[] row = new float[shape.Inputs];
    for (int i = 0; i < row.Length; i++)
    {
        row[i] = rng.NextSingle();
    }

    foreach (GraphOptimizationLevel level in levels)
    {
        var variants = new[] { true, false }.Select(fold =>
        {
            byte[] model = OnnxExport.ToOnnx(network, new OnnxExportOptions { Head = OnnxHead.Multiclass, FoldBatchNorm = fold });
            return new Variant(fold ? "folded" : "node", model, level, row, shape.Outputs);
        }).ToArray();
        var samples = variants.ToDictionary(v => v, _ => new List<double>());
        foreach (Variant v in variants)
        {
            v.Time(2000); // warm-up
        }

        for (int r = 0; r < rounds; r++)
        {
            foreach (Variant v in r % 2 == 0 ? variants : variants.Reverse())
            {
                samples[v].AddRange(v.Time(runs));
            }
        }

        foreach (Variant v in variants)
        {
            double[] sorted = [.. samples[v].Order()];
            Console.WriteLine($"| {shape.Name} | {level} | {v.Name} | {v.Nodes} | {Percentile(sorted, 0.5):F1} | {Percentile(sorted, 0.9):F1} | {Percentile(sorted, 0.99):F1} |");
            v.Dispose();
        }
    }
}

static double Percentile(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
