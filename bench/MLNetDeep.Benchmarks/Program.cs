using BenchmarkDotNet.Running;
using MLNetDeep.Benchmarks.Numerics;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/MLNetDeep.Benchmarks -- --filter '*Gemm*'</c> runs the
/// BenchmarkDotNet suites; <c>-- --quick</c> prints a fast Stopwatch-based GFLOP/s table instead (for tuning).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick")
        {
            GemmQuick.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0.5);
            return;
        }

        if (args.Length > 0 && args[0] == "--quick-cpu")
        {
            GemmQuick.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0.5, cpuTime: true);
            return;
        }

        if (args.Length > 0 && args[0] == "--kernel-paths")
        {
            KernelPaths.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 31);
            return;
        }

        if (args.Length > 0 && args[0] == "--machine")
        {
            Machine.MachineReport.Print(Console.Out);
            return;
        }

        if (args.Length > 0 && args[0] == "--gemm-epoch")
        {
            Training.GemmEpoch.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2);
            return;
        }

        if (args.Length > 0 && args[0] == "--train-epochs")
        {
            Training.TrainEpochs.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args.Length > 4 && args[4] == "bn-dropout");
            return;
        }

        if (args.Length > 0 && args[0] == "--step-profile")
        {
            Training.StepProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 400,
                cpuTime: args.Length > 3 && args[3] == "cpu");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
