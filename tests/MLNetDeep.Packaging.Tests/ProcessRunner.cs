namespace MLNetDeep.Packaging.Tests;

using System.Diagnostics;
using System.Text;

/// <summary>Runs a process with a timeout and captures its output; a failure message carries the command line and all output.</summary>
internal static class ProcessRunner
{
    /// <summary>The dotnet executable running these tests (the SDK's host when run by <c>dotnet test</c>).</summary>
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        // Not inherited from the test host: these would point child builds at the test run's own settings.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        string command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{command}' did not finish within {timeout.TotalSeconds:F0} s.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString(), watch.Elapsed);
            }
        }
    }
}

/// <summary>A finished process.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    /// <summary>Asserts exit code 0, showing the command and its output otherwise.</summary>
    public ProcessResult Ok()
    {
        Assert.AreEqual(0, ExitCode, $"'{Command}' exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s.\nstdout:\n{Out}\nstderr:\n{Error}");
        return this;
    }
}
