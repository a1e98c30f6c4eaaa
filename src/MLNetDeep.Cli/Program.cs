namespace MLNetDeep.Cli;

/// <summary>The <c>mlnetdeep</c> entry point: wires the console and Ctrl+C to <see cref="CliApp.Run(string[], TextWriter, TextWriter, CancellationToken, bool)"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops training at the next mini-batch; a second one ends the process.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        return CliApp.Run(args, Console.Out, Console.Error, cancel.Token, interactive: !Console.IsErrorRedirected);
    }
}
