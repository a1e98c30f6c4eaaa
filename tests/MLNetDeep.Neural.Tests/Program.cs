namespace MLNetDeep.Neural.Tests;

using MLNetDeep.Neural.Tests.Paths;

/// <summary>
/// The test assembly's entry point (it replaces the empty one Microsoft.NET.Test.Sdk generates; the test host never
/// calls it). <c>dotnet MLNetDeep.Neural.Tests.dll --run-category NAME</c> runs that category's tests in this
/// process (<see cref="Avx2PathTests"/> starts it so with AVX-512 turned off); without arguments it does nothing.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--run-category")
        {
            return InProcessRunner.Run(args[1], Console.Out);
        }

        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet MLNetDeep.Neural.Tests.dll --run-category NAME");
            return 2;
        }

        return 0;
    }
}
