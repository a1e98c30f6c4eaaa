using System.Diagnostics;
using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>
/// A quick Stopwatch measurement of every shape and variant (median of 15 timed batches), for tuning between full
/// BenchmarkDotNet runs. Not a substitute for them.
/// </summary>
internal static class GemmQuick
{
    public static void Run(double secondsPerCase, bool cpuTime = false)
    {
        Console.WriteLine($"managed kernel {ManagedGemm.BestKernel}, OpenBLAS {(Gemm.IsOpenBlasAvailable ? OpenBlasGemm.LoadedFrom : "absent")}"
            + (cpuTime ? "; one-thread variants only, timed in thread CPU time (--quick-cpu)" : string.Empty));
        Console.WriteLine($"{"shape",-32} {"variant",-12} {"median us",10} {"GFLOP/s",8}");
        foreach (GemmShape shape in GemmShape.Training)
        {
            var rng = new Rng(42);
            float[] a = GemmBenchmarks.Fill(rng, shape.M * shape.K);
            float[] b = GemmBenchmarks.Fill(rng, shape.K * shape.N);
            float[] c = new float[shape.M * shape.N];
            foreach (GemmVariant variant in GemmVariant.Available().Where(v => !cpuTime || v.Threads == 1))
            {
                void Call() => variant.Multiply(shape, a, b, c);

                Call();
                var watch = Stopwatch.StartNew();
                int calls = 0;
                while (watch.Elapsed.TotalSeconds < 0.05)
                {
                    Call();
                    calls++;
                }

                int perBatch = Math.Max(1, (int)(calls * (secondsPerCase / 15) / 0.05));
                var times = new double[15];
                for (int t = 0; t < times.Length; t++)
                {
                    long start = Stopwatch.GetTimestamp();
                    double cpuStart = cpuTime ? ThreadCpuClock.Now() : 0;
                    for (int i = 0; i < perBatch; i++)
                    {
                        Call();
                    }

                    times[t] = (cpuTime ? ThreadCpuClock.Now() - cpuStart : Stopwatch.GetElapsedTime(start).TotalSeconds) / perBatch;
                }

                Array.Sort(times);
                double median = times[times.Length / 2];
                Console.WriteLine($"{shape.Name + " " + shape,-32} {variant,-12} {median * 1e6,10:F1} {shape.Flops / median / 1e9,8:F1}");
            }
        }
    }
}
