namespace MLNetDeep.Cli.Output;

using System.Globalization;
using MLNetDeep.Neural.Training;
using Spectre.Console;

/// <summary>
/// Shows training progress on stderr: a live Spectre.Console bar (epoch, loss, validation metric, ETA) when stderr is
/// a terminal, otherwise one plain line per epoch.
/// </summary>
internal static class TrainingProgress
{
    /// <summary>
    /// Runs <paramref name="train"/>, giving it the per-epoch callback to pass as the trainer's <c>Progress</c>.
    /// </summary>
    /// <param name="console">Where to show progress.</param>
    /// <param name="epochs">The planned number of epochs.</param>
    /// <param name="metricName">What <see cref="EpochRecord.Metric"/> measures (accuracy, mse).</param>
    /// <param name="train">Trains, calling the callback after every epoch.</param>
    public static T Run<T>(CliConsole console, int epochs, string metricName, Func<Action<EpochRecord>, T> train)
    {
        if (!console.Interactive)
        {
            // The ETA is the mean of the epochs this process trained: a resumed run's first epoch is not epoch 1.
            double seconds = 0;
            int seen = 0;
            return train(r =>
            {
                seconds += r.Seconds;
                seen++;
                console.Error.WriteLine(Describe(r, epochs, metricName) + FormattableString.Invariant($", eta {seconds / seen * (epochs - r.Epoch):F0}s"));
            });
        }

        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape($"epoch 0/{epochs}"), maxValue: epochs);
                T result = train(r =>
                {
                    task.Description = Markup.Escape(Short(r, epochs, metricName));
                    task.Value = r.Epoch;
                });
                task.Value = epochs; // early stopping ends before the planned epochs
                task.StopTask();
                return result;
            });
    }

    // Fits an 80-column terminal next to the bar, percentage and ETA.
    private static string Short(EpochRecord r, int epochs, string metricName) => r.ValidationMetric is double vm
        ? string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{epochs} loss {r.Loss:F4} val {metricName} {vm:F4}")
        : string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{epochs} loss {r.Loss:F4} {metricName} {r.Metric:F4}");

    private static string Describe(EpochRecord r, int epochs, string metricName)
    {
        string s = string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{epochs}: loss {r.Loss:G5}, {metricName} {r.Metric:G5}");
        if (r.ValidationLoss is double vl)
        {
            s += string.Create(CultureInfo.InvariantCulture, $", validation loss {vl:G5}, validation {metricName} {r.ValidationMetric:G5}");
        }

        return s + string.Create(CultureInfo.InvariantCulture, $", lr {r.LearningRate:g4}, {r.Seconds:F2}s");
    }
}
