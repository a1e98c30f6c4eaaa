namespace MLNetDeep.AutoML.Tests.Tuners;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Tuners;

/// <summary>Runs a tuner against a cheap synthetic objective, sequentially, as an experiment would.</summary>
internal static class Objective
{
    /// <summary>A 4-d space: log learning rate, linear dropout, powers-of-two width, a choice.</summary>
    public static SweepSpace Space() => new SweepSpace()
        .AddFloat("lr", 1e-5, 1, scale: ParameterScale.Log)
        .AddFloat("dropout", 0, 0.5)
        .AddInt("width", 8, 1024, scale: ParameterScale.PowerOfTwo)
        .AddChoice("opt", "sgd", "momentum", "adam");

    /// <summary>Lowest at lr = 3e-3, dropout = 0.1, width = 128, adam.</summary>
    public static double Loss(SweepParameters p)
    {
        double a = Math.Log10(p.GetDouble("lr")) - Math.Log10(3e-3);
        double b = (p.GetDouble("dropout") - 0.1) * 4;
        double c = Math.Log2(p.GetInt("width")) - 7;
        double d = p.GetString("opt") switch { "adam" => 0, "momentum" => 0.3, _ => 1 };
        return a * a + b * b + 0.1 * c * c + d;
    }

    public static List<SweepTrialResult> Run(ISweepTuner tuner, int trials, Func<SweepParameters, double> loss, int seed = 0)
    {
        var results = new List<SweepTrialResult>();
        for (int t = 0; t < trials; t++)
        {
            SweepTrialSettings s = tuner.Propose(new SweepTrialSettings { TrialId = t, Seed = seed + t });
            var r = new SweepTrialResult { TrialSettings = s, Loss = loss(s.Parameters), Metric = loss(s.Parameters) };
            tuner.Update(r);
            results.Add(r);
        }

        return results;
    }
}
