namespace MLNetDeep.Tests;

using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.ModelProbe;

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
        var start = new ProcessStartInfo(Environment.ProcessPath?.EndsWith("dotnet", StringComparison.Ordinal) == true ? Environment.ProcessPath : "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        // The streams are read on threads of their own, not the thread pool's (a test must not hang on a small, busy pool).
        string error = "", stdout = "";
        var readers = new[] { new Thread(() => error = process.StandardError.ReadToEnd()), new Thread(() => stdout = process.StandardOutput.ReadToEnd()) };
        foreach (Thread t in readers)
        {
            t.IsBackground = true;
            t.Start();
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the probe did not finish within 3 minutes");
        }

        foreach (Thread t in readers)
        {
            t.Join();
        }

        Assert.AreEqual(0, process.ExitCode, $"the probe failed: {stdout}{error}");
        return stdout;
    }

    public static string[] ScoreInProcess(MLContext ml, ITransformer model, string featuresPath) => ProbeScoring.Score(ml, model, "Features", featuresPath);
}
