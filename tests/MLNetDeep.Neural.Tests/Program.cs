namespace MLNetDeep.Neural.Tests;

using MLNetDeep.Neural.Tests.Paths;

/// <summary>
/// The test assembly's entry point (it replaces the empty one Microsoft.NET.Test.Sdk generates; the test host never
/// calls it). <c>dotnet MLNetDeep.Neural.Tests.dll --run-category NAME</c> runs that category's tests in this
/// process, <c>--train-checksum</c> trains a network and prints a checksum of its bits (<see cref="Avx2PathTests"/>
/// starts both with AVX-512 turned off); without arguments it does nothing.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--run-category")
        {
            return InProcessRunner.Run(args[1], Console.Out);
        }

        if (args.Length == 1 && args[0] == "--train-checksum")
        {
            return InProcessRunner.TrainChecksum(Console.Out);
        }

        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet MLNetDeep.Neural.Tests.dll --run-category NAME | --train-checksum");
            return 2;
        }

        return 0;
    }
}
