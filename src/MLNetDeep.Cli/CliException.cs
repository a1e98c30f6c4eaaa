namespace MLNetDeep.Cli;

/// <summary>A failure the command reports as one line on stderr, with its exit code.</summary>
internal sealed class CliException : Exception
{
    private CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary><see cref="ExitCodes.Usage"/>, <see cref="ExitCodes.Failure"/> or <see cref="ExitCodes.Cancelled"/>.</summary>
    public int ExitCode { get; }

    /// <summary>A usage error (exit code 2): the message names the option and the value.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>A runtime failure (exit code 1).</summary>
    public static CliException Failure(string message) => new(message, ExitCodes.Failure);

    /// <summary>Cancelled with Ctrl+C (exit code 130), the message saying what was kept.</summary>
    public static CliException Cancelled(string message) => new(message, ExitCodes.Cancelled);
}
