using System.Diagnostics;
using System.Globalization;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;

namespace MLNetDeep.Benchmarks.Training;

/// <summary>
/// <c>--step-profile [threads] [steps]</c>: where one training step of the issue-6 network goes. Builds
/// 784-256-128-10 with batch norm and dropout 0.2 (the CLI's <c>--batch-norm --dropout 0.2</c>), runs the trainer's
/// step by hand (the trainer's gather of 128 random rows of a 60,000-row set, each layer's forward, the loss, each
/// layer's backward, Adam clearing the gradients as it goes) and prints the median microseconds of each phase over the steps, plus the whole step.
/// A Stopwatch tool for finding the next thing to speed up, not a benchmark of record. With one thread, <c>cpu</c> as
/// the third argument times each phase in the thread's CPU time (steadier on a shared machine).
/// </summary>
internal static class StepProfile
{
    public static void Run(int threads, int steps, bool cpuTime = false)
    {
        if (cpuTime && threads != 1)
        {
            throw new ArgumentException("Thread CPU time (cpu) only measures a one-thread profile: --step-profile 1 STEPS cpu.");
        }

        const int n = 128, rows = 60_000, f = 784;
        Network network = new NetworkArchitecture { HiddenLayers = [256, 128], BatchNorm = true, DropoutRate = 0.2f }.Build(f, 10);
        network.Initialize(1);
        network.Threads = threads;
        network.SetDropoutGenerator(new Rng(7));
        network.OverwriteGradients = true; // as the trainer runs it: backward writes the gradients, nothing zeroes them
        var loss = new SoftmaxCrossEntropy();
        Optimizer adam = new OptimizerOptions { Kind = OptimizerKind.Adam }.Create();
        adam.Threads = threads;
        var rng = new Rng(3);
        var data = new float[(long)rows * f];
        for (long i = 0; i < data.Length; i++)
        {
            data[i] = rng.NextSingle();
        }

        var labels = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = rng.NextInt(10);
        }

        var set = new MLNetDeep.Neural.Training.ExampleSet(data, f, labels);
        var order = new int[n];

        var x = new float[n * f];
        var y = new float[n];
        var gradient = new float[n * 10];
        IReadOnlyList<Layer> layers = network.Layers;
        var names = new List<string> { "gather" };
        names.AddRange(layers.Select((l, i) => $"forward  {i} {l.DisplayName}"));
        names.Add("loss + gradient");
        names.AddRange(layers.Select((l, i) => $"backward {i} {l.DisplayName}").Reverse());
        names.Add("Adam step");
        names.Add("whole step");
        var times = names.Select(_ => new double[steps]).ToArray();
        var ticks = new double[names.Count];
        double Now() => cpuTime ? Numerics.ThreadCpuClock.Now() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

        for (int s = -20; s < steps; s++)
        {
            int p = 0;
            double start = Now();
            double t = start;
            void Mark(ref double last, int phase)
            {
                double now = Now();
                ticks[phase] = now - last;
                last = now;
            }

            for (int i = 0; i < n; i++)
            {
                order[i] = rng.NextInt(rows);
            }

            MLNetDeep.Neural.Training.NetworkTrainer.Gather(set, order, x, y, [], threads);

            Mark(ref t, p++);
            ReadOnlyMemory<float> a = x;
            foreach (Layer layer in layers)
            {
                a = layer.Forward(a, n, training: true);
                Mark(ref t, p++);
            }

            loss.Compute(a.Span, y, default, n, 10, gradient, threads);
            Mark(ref t, p++);
            ReadOnlyMemory<float> g = gradient;
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                g = layers[i].Backward(g, n, needInputGradient: i > 0);
                Mark(ref t, p++);
            }

            adam.Step(network.Parameters, 0.001f);
            Mark(ref t, p++);
            ticks[p] = t - start;
            if (s >= 0)
            {
                for (int i = 0; i < ticks.Length; i++)
                {
                    times[i][s] = ticks[i] * 1e6;
                }
            }
        }

        Console.WriteLine(FormattableString.Invariant($"step profile: 784-256-128-10, batch norm, dropout 0.2, batch {n}, {threads} thread(s), {steps} steps, element-wise path {Simd.Best}, {(cpuTime ? "thread CPU time" : "wall time")}"));
        Console.WriteLine(Gemm.Description);
        for (int i = 0; i < names.Count; i++)
        {
            Array.Sort(times[i]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[i],-36} {times[i][steps / 2],9:F1} us"));
        }
    }
}
