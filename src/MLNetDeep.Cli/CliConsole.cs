namespace MLNetDeep.Cli;

/// <summary>What a command writes to and listens to: stdout, stderr, whether stderr is a terminal, and Ctrl+C.</summary>
/// <param name="Out">Results: metrics, predictions, JSON.</param>
/// <param name="Error">Progress, notes and error lines.</param>
/// <param name="Interactive">Whether stderr is a terminal (a live progress bar) rather than redirected (plain lines).</param>
/// <param name="Cancellation">Cancels training (Ctrl+C).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive, CancellationToken Cancellation);
