namespace MLNetDeep.TestSupport;

using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

/// <summary>
/// Runs a child process to its end for a test: both output streams are read at once (a child that fills one pipe while
/// the test waits on the other would hang both), the process tree is killed after the timeout, and every failure
/// message carries the command line and the whole output. Compiled into every test project (Directory.Build.props).
/// </summary>
internal static class ChildProcess
{
    /// <summary>The dotnet host running this process, else <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on the PATH.</summary>
    public static string Dotnet { get; } = FindDotnet();

    /// <summary>Starts <paramref name="fileName"/> and waits for it.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as is.</param>
    /// <param name="timeout">How long it may run before its tree is killed and the test fails.</param>
    /// <param name="environment">Variables to set; a null value removes the variable from what the child inherits.</param>
    /// <param name="workingDirectory">Its working folder; default this process's.</param>
    public static ChildResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var set = new List<string>();
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
                set.Add($"{key}={value}");
            }
        }

        string command = string.Join(' ', [.. set, fileName, .. info.ArgumentList]);
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"could not start '{command}': {e.Message}");
        }

        // Each stream on a thread of its own, not the thread pool: a test on a small, busy pool
        // (DOTNET_ThreadPool_ForceMaxWorkerThreads=2) must not wait for pool work to read its child's output.
        string stdout = "", stderr = "";
        Thread[] readers =
        [
            new(() => stdout = process.StandardOutput.ReadToEnd()) { IsBackground = true },
            new(() => stderr = process.StandardError.ReadToEnd()) { IsBackground = true },
        ];
        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        bool finished = process.WaitForExit(timeout);
        if (!finished)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        if (!finished)
        {
            Assert.Fail($"'{command}' did not finish within {timeout.TotalSeconds:F0} s and was killed.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        return new ChildResult(command, process.ExitCode, stdout, stderr, watch.Elapsed);
    }

    private static string FindDotnet()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}

/// <summary>A finished child process: its command line, exit code, whole output and run time.</summary>
internal sealed record ChildResult(string Command, int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    /// <summary>The command, exit code and output, for a failure message.</summary>
    public string Report => $"command: {Command}\nexit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Out}\nstderr:\n{Error}";

    /// <summary>Asserts exit code 0, showing the command and its output otherwise.</summary>
    public ChildResult Ok()
    {
        Assert.AreEqual(0, ExitCode, $"'{Command}' exited with {ExitCode}.\n{Report}");
        return this;
    }
}
