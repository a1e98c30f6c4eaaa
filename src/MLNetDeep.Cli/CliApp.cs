namespace MLNetDeep.Cli;

using System.CommandLine;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Neural.Training;

/// <summary>
/// The <c>mlnetdeep</c> command line: <c>train</c>, <c>evaluate</c>, <c>predict</c>, <c>info</c>, <c>export</c>, <c>serve</c>, <c>tune</c>, <c>report</c>. Thin: it parses,
/// calls the library and prints. Every failure is one line on stderr starting <c>mlnetdeep: error:</c> and an exit code
/// (<see cref="ExitCodes"/>): 2 for usage errors, 1 for runtime failures, 130 when cancelled; never a stack trace.
/// </summary>
internal static class CliApp
{
    /// <summary>The prefix of every error line.</summary>
    public const string ErrorPrefix = "mlnetdeep: error: ";

    /// <summary>Runs the command line with stderr treated as redirected (plain progress lines); returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        Run(args, stdout, stderr, cancellationToken, interactive: false);

    /// <summary>Runs the command line; returns the exit code.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Progress, notes and errors.</param>
    /// <param name="cancellationToken">Cancels training (Ctrl+C).</param>
    /// <param name="interactive">Whether stderr is a terminal, for the live progress bar.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = new CliConsole(stdout, stderr, interactive, cancellationToken);
        Command root = BuildRootCommand(console);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = parsed.CommandResult.Command == root ? "" : " " + parsed.CommandResult.Command.Name;
            // An unrecognized token explains the other errors (a mistyped command leaves "no command" too), so it goes first.
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            stderr.WriteLine($"{ErrorPrefix}{OneLine(error.Message)} (see 'mlnetdeep{command} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (CliException e)
        {
            return Fail(stderr, e.Message, e.ExitCode);
        }
        catch (OperationCanceledException)
        {
            return Fail(stderr, "cancelled; nothing was written.", ExitCodes.Cancelled);
        }
        catch (TrainingDivergedException e)
        {
            // The engine's message says "Training diverged: ..." and what to try; the flags for it follow.
            return Fail(stderr, $"{e.Message} On the command line: a smaller --lr or --clip-norm; no model was written.", ExitCodes.Failure);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or System.Text.Json.JsonException)
        {
            return Fail(stderr, e.Message, ExitCodes.Failure);
        }
        catch (Exception e)
        {
            return Fail(stderr, $"unexpected {e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }
    }

    /// <summary>
    /// The command tree: every command and option <c>mlnetdeep</c> defines (docs/cli.md documents each; a test keeps them
    /// in step). Not a <see cref="RootCommand"/>, which takes its name from the entry assembly, so that help shows
    /// <c>mlnetdeep</c> rather than <c>MLNetDeep.Cli</c>; it adds <c>--help</c> and <c>--version</c> as RootCommand does.
    /// </summary>
    /// <param name="console">Where the commands print and the cancellation they honour.</param>
    internal static Command BuildRootCommand(CliConsole console)
    {
        return new Command("mlnetdeep", "mlnetdeep: train, tune, evaluate, predict with, inspect, export and report on MLNetDeep feed-forward networks (ML.NET model zips).")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            new TrainCommand().Build(console),
            new EvaluateCommand().Build(console),
            new PredictCommand().Build(console),
            new InfoCommand().Build(console),
            new ExportCommand().Build(console),
            new ServeCommand().Build(console),
            new TuneCommand().Build(console),
            new ReportCommand().Build(console),
        };
    }

    private static int Fail(TextWriter stderr, string message, int code)
    {
        stderr.WriteLine(ErrorPrefix + OneLine(message));
        return code;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
