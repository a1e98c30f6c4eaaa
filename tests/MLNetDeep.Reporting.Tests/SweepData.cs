namespace MLNetDeep.Reporting.Tests;

using System.Globalization;
using MLNetDeep.Reporting.Sweeps;

/// <summary>Sweep histories written by hand, as any sweeper could fill them in (the reports do not know MLNetDeep.AutoML).</summary>
internal static class SweepData
{
    /// <summary>Axes: a log learning rate (1e-4..1e-1), a power-of-two batch size (16..256), a linear dropout (0..0.5), a choice of optimizer.</summary>
    public static SweepAxis[] Axes() =>
    [
        new("LearningRate", true, [new(0, "0.0001"), new(0.5, "0.00316"), new(1, "0.1")]),
        new("BatchSize", true, [new(0, "16"), new(0.5, "64"), new(1, "256")]),
        new("DropoutRate", false, [new(0, "0"), new(0.5, "0.25"), new(1, "0.5")]),
        new("Optimizer", false, [new(0.25, "Adam"), new(0.75, "Momentum")], ["Adam", "Momentum"]),
    ];

    /// <summary>Metrics 0.6, 0.8, 0.7, 0.9, then a failed and a pruned trial; loss = 1 - metric.</summary>
    public static SweepHistory History()
    {
        (double lr, int batch, double drop, string opt, double metric)[] runs =
            [(0.001, 32, 0.1, "Adam", 0.6), (0.01, 64, 0.2, "Momentum", 0.8), (0.0002, 16, 0.4, "Adam", 0.7), (0.05, 256, 0.0, "Adam", 0.9)];
        var trials = runs.Select((r, i) => new SweepTrial(i, SweepTrialStatus.Completed, Values(r.lr, r.batch, r.drop, r.opt))
        {
            Metric = r.metric, Loss = 1 - r.metric, Seconds = 1.5,
        }).ToList();
        trials.Add(new SweepTrial(4, SweepTrialStatus.Failed, Values(0.1, 16, 0.5, "Adam")));
        trials.Add(new SweepTrial(5, SweepTrialStatus.Pruned, Values(0.1, 16, 0.5, "Adam")));
        return new SweepHistory("Accuracy", Axes(), trials) { Study = "s", Importance = [new("LearningRate", 0.7), new("Optimizer", 0.2), new("BatchSize", 0.1), new("DropoutRate", 0)] };
    }

    public static Dictionary<string, SweepValue> Values(double lr, int batch, double drop, string opt) => new()
    {
        ["LearningRate"] = new(lr, (Math.Log10(lr) + 4) / 3, lr.ToString("G3", CultureInfo.InvariantCulture)),
        ["BatchSize"] = new(batch, (Math.Log2(batch) - 4) / 4, batch.ToString(CultureInfo.InvariantCulture)),
        ["DropoutRate"] = new(drop, drop / 0.5, drop.ToString("G3", CultureInfo.InvariantCulture)),
        ["Optimizer"] = new(opt == "Adam" ? 0 : 1, opt == "Adam" ? 0.25 : 0.75, opt),
    };
}
