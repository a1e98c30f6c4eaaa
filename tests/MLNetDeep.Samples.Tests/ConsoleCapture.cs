namespace MLNetDeep.Samples.Tests;

/// <summary>Runs an action with Console.Out redirected and returns what it wrote.</summary>
internal static class ConsoleCapture
{
    private static readonly object Gate = new();

    public static string Run(Action action)
    {
        lock (Gate)
        {
            TextWriter original = Console.Out;
            using var writer = new StringWriter();
            Console.SetOut(writer);
            try
            {
                action();
            }
            finally
            {
                Console.SetOut(original);
            }

            return writer.ToString();
        }
    }
}
