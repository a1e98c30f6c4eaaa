namespace MLNetDeep.Cli.Tests;

using System.Diagnostics;
using System.Text.RegularExpressions;
using MLNetDeep.Serving.Tests;

/// <summary><c>mlnetdeep serve</c> in a child process (<c>dotnet MLNetDeep.Cli.dll serve ...</c>): its stderr lines as events, signals, its exit.</summary>
internal sealed partial class ChildServer : IDisposable
{
    private readonly Process _process;

    private ChildServer(Process process)
    {
        _process = process;
    }

    /// <summary>The child's stderr, line by line.</summary>
    public LogLines Log { get; } = new();

    /// <summary>Starts the server with <paramref name="args"/> after <c>serve</c> and an environment of its own.</summary>
    public static ChildServer Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLNetDeep.Cli.dll"));
        start.ArgumentList.Add("serve");
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove(ServeCommandApiKeyVariable);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildServer(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child.Log.WriteLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child.Log.WriteLine("stdout: " + e.Data);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return child;
    }

    /// <summary>The address the server says it listens on (waits for the line).</summary>
    public async Task<string> AddressAsync()
    {
        Task<string> listening = Log.WaitForAsync("Listening on");
        Task exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(listening, exited) != listening)
        {
            throw new AssertFailedException($"the server exited ({_process.ExitCode}) before listening: {Log}");
        }

        return ListeningLine().Match(await listening).Groups[1].Value;
    }

    /// <summary>Sends SIGTERM or SIGINT (by name: TERM, INT) to the server.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.AreEqual(0, kill.ExitCode, $"kill -s {name} failed");
    }

    /// <summary>Waits for the process to exit (at most <paramref name="limit"/>, then kills it and fails) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"the server did not exit within {limit}: {Log}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private const string ServeCommandApiKeyVariable = MLNetDeep.Cli.Commands.ServeCommand.ApiKeyVariable;

    [GeneratedRegex(@"Listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
