namespace MLNetDeep.Tests;

using Microsoft.ML;
using MLNetDeep.ModelProbe;
using MLNetDeep.TestSupport;

/// <summary>Runs tests/MLNetDeep.ModelProbe (built beside this project) in a fresh process, or its scoring in this one.</summary>
internal static class ModelProbe
{
    public static void Run(string modelPath, string featuresPath, string scoresPath) => Start([modelPath, featuresPath, scoresPath], null);

    /// <summary>Runs the probe with <paramref name="arguments"/> and extra environment variables; returns its standard output.</summary>
    public static string Start(string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        // tests/MLNetDeep.Tests/bin/<Configuration>/net10.0 -> tests/MLNetDeep.ModelProbe/bin/<Configuration>/net10.0
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "MLNetDeep.ModelProbe", "bin", output.Parent.Name, output.Name, "MLNetDeep.ModelProbe.dll");
        Assert.IsTrue(File.Exists(dll), $"the probe is not built at {dll}");
        var variables = new Dictionary<string, string?>();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        ChildResult r = ChildProcess.Run(ChildProcess.Dotnet, [dll, .. arguments], TimeSpan.FromMinutes(3), variables);
        Assert.AreEqual(0, r.ExitCode, $"the probe failed: {r.Out}{r.Error}");
        return r.Out;
    }

    public static string[] ScoreInProcess(MLContext ml, ITransformer model, string featuresPath) => ProbeScoring.Score(ml, model, "Features", featuresPath);
}
