namespace MLNetDeep.Packaging.Tests;

using MLNetDeep.TestSupport;

/// <summary>Runs dotnet and the packed tools for the packaging tests: <see cref="ChildProcess"/> without the test host's MSBuild settings.</summary>
internal static class ProcessRunner
{
    /// <summary>The dotnet executable running these tests (the SDK's host when run by <c>dotnet test</c>).</summary>
    public static string Dotnet => ChildProcess.Dotnet;

    public static ChildResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        // Not inherited from the test host: these would point child builds at the test run's own settings.
        var variables = new Dictionary<string, string?>
        {
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return ChildProcess.Run(fileName, arguments, timeout, variables, workingDirectory);
    }
}
