namespace MLNetDeep.AutoML.Tests.Summary;

using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Reporting.Sweeps;

[TestClass]
public sealed class StudySummaryTests
{
    [TestMethod]
    public void RanksTrialsAndFindsTheParameterThatMatters()
    {
        var space = new SweepSpace().AddFloat("lr", 1e-4, 1, scale: ParameterScale.Log).AddFloat("noise", 0, 1).AddChoice("opt", "a", "b", "c");
        var tuner = new RandomSearchTuner(space, 2);
        var trials = new List<TrialRecord>();
        for (int t = 0; t < 80; t++)
        {
            SweepParameters p = tuner.Propose(new SweepTrialSettings { TrialId = t }).Parameters;
            double loss = Math.Pow(Math.Log10(p.GetDouble("lr")) + 2, 2) + (p.GetString("opt") == "c" ? 1.5 : 0);
            trials.Add(new TrialRecord { Study = "s", TrialId = t, ParametersJson = p.ToJson(), Status = TrialStatus.Completed, Loss = loss });
        }

        trials.Add(new TrialRecord { Study = "s", TrialId = 80, ParametersJson = space.Default.ToJson(), Status = TrialStatus.Failed, Error = "x" });
        var summary = StudySummary.Create(space, trials);
        Assert.AreEqual(80, summary.Completed);
        Assert.AreEqual(1, summary.Failed);
        Assert.IsTrue(summary.Ranked.Zip(summary.Ranked.Skip(1)).All(p => p.First.Loss <= p.Second.Loss), "ranked best first");
        CollectionAssert.AreEqual(new[] { "lr", "opt", "noise" }, summary.Importance.Select(i => i.Name).ToArray());
        Assert.IsTrue(summary.Importance[0].Importance > 0.5, $"lr explains most: {summary.Importance[0]}");
        Assert.IsTrue(summary.Importance[2].Importance < 0.05, $"noise explains almost nothing: {summary.Importance[2]}");
        Assert.AreEqual(1, summary.Importance.Sum(i => i.Importance), 1e-9);
    }

    [TestMethod]
    public void A_parameter_with_one_possible_value_has_no_importance_listed()
    {
        var space = new SweepSpace().AddFloat("lr", 1e-4, 1, scale: ParameterScale.Log).AddChoice("Fixed.ClassWeights", "balanced");
        var tuner = new RandomSearchTuner(space, 3);
        var trials = Enumerable.Range(0, 20).Select(t => tuner.Propose(new SweepTrialSettings { TrialId = t }).Parameters)
            .Select((p, t) => new TrialRecord { Study = "s", TrialId = t, ParametersJson = p.ToJson(), Status = TrialStatus.Completed, Loss = Math.Abs(Math.Log10(p.GetDouble("lr")) + 2) }).ToList();
        CollectionAssert.AreEqual(new[] { "lr" }, StudySummary.Create(space, trials).Importance.Select(i => i.Name).ToArray());
    }

    [TestMethod]
    public void TheSweepHistoryGivesEveryTrialItsStatus()
    {
        var space = new SweepSpace().AddFloat("lr", 1e-4, 1, scale: ParameterScale.Log);
        TrialStatus[] statuses = [TrialStatus.Completed, TrialStatus.Pruned, TrialStatus.Failed, TrialStatus.Queued, TrialStatus.Running];
        var trials = statuses.Select((s, t) => new TrialRecord { Study = "s", TrialId = t, ParametersJson = space.Default.ToJson(), Status = s, Loss = 1 }).ToList();
        CollectionAssert.AreEqual(
            new[] { SweepTrialStatus.Completed, SweepTrialStatus.Pruned, SweepTrialStatus.Failed, SweepTrialStatus.Unfinished, SweepTrialStatus.Running },
            SweepHistoryBuilder.Build("s", "Accuracy", space, trials).Trials.Select(t => t.Status).ToArray());
    }

    [TestMethod]
    public void TheSweepHistoryWritesABetaNearOneWithTheDigitsThatTellItFromOne()
    {
        // The report's ranking read "Beta2=1", a value the parameter cannot take, for 0.99955; a small rate reads as the
        // CLI's trial lines write it (2.74e-05, before 2.74E-05 in the report).
        var space = new SweepSpace().AddFloat("Beta2", 0.99, 0.9999, 0.999, ParameterScale.OneMinusLog).AddFloat("lr", 1e-6, 1, 0.00123456);
        var trial = new TrialRecord { Study = "s", TrialId = 0, ParametersJson = """{"Beta2":0.99955,"lr":0.00123456}""", Status = TrialStatus.Completed, Loss = 1 };
        var small = trial with { TrialId = 1, ParametersJson = """{"Beta2":0.999,"lr":2.739e-05}""" };
        var trials = SweepHistoryBuilder.Build("s", "Accuracy", space, [trial, small]).Trials;
        Assert.AreEqual(("0.99955", "0.00123"), (trials[0].Values["Beta2"].Text, trials[0].Values["lr"].Text));
        Assert.AreEqual("2.74e-05", trials[1].Values["lr"].Text);
    }
}
