namespace MLNetDeep.Cli.Tests;

using MLNetDeep.Cli.Output;
using MLNetDeep.Neural.Training;

/// <summary>The per-epoch progress lines train writes when stderr is not a terminal.</summary>
[TestClass]
public sealed class TrainingProgressTests
{
    [TestMethod]
    public void A_resumed_runs_eta_is_the_mean_of_the_epochs_this_process_trained()
    {
        // A run of 10 epochs resumed after epoch 5: epochs 6 and 7 take 2 s each, so 3 epochs of 2 s are left after 7.
        // (Dividing this process's 4 s by the epoch number 7 said "eta 2s".)
        var error = new StringWriter();
        var console = new CliConsole(TextWriter.Null, error, false, CancellationToken.None);
        TrainingProgress.Run(console, 10, "accuracy", progress =>
        {
            progress(new EpochRecord(6, 0.5, 0.8, null, null, 0.001, 2));
            progress(new EpochRecord(7, 0.4, 0.85, null, null, 0.001, 2));
            return 0;
        });
        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines);
        StringAssert.EndsWith(lines[0], ", eta 8s");
        StringAssert.EndsWith(lines[1], ", eta 6s");
    }
}
