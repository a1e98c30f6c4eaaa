namespace MLNetDeep.Cli;

/// <summary>The process exit codes of <c>mlnetdeep</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure: a missing or unreadable file, bad data, diverged training.</summary>
    public const int Failure = 1;

    /// <summary>A usage error: an unknown option or command, a missing required option, a bad option value.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled by Ctrl+C (128 + SIGINT, the shell's convention).</summary>
    public const int Cancelled = 130;
}
