namespace MLNetDeep.Cli;

/// <summary>A failure the command reports as one line on stderr, with its exit code.</summary>
internal sealed class CliException : Exception
{
    private CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary><see cref="ExitCodes.Usage"/> or <see cref="ExitCodes.Failure"/>.</summary>
    public int ExitCode { get; }

    /// <summary>A usage error (exit code 2): the message names the option and the value.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>A runtime failure (exit code 1).</summary>
    public static CliException Failure(string message) => new(message, ExitCodes.Failure);
}
