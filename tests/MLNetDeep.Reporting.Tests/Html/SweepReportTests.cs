namespace MLNetDeep.Reporting.Tests.Html;

using System.Text.RegularExpressions;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Reporting.Sweeps;

[TestClass]
public sealed class SweepReportTests
{
    [TestMethod]
    public void A_sweep_section_has_the_counts_every_chart_the_ranking_and_the_importance()
    {
        string html = SweepReport.Add(new HtmlReport("sweep"), SweepData.History(), rankedRows: 3).ToString();
        StringAssert.Contains(html, "Sweep: study &#39;s&#39;");
        StringAssert.Contains(html, "6 trials: 4 completed, 1 pruned, 1 failed, 0 unfinished.");
        StringAssert.Contains(html, "(trial 3)");
        Assert.AreEqual(1, Regex.Matches(html, "data-chart=\"optimization-history\"").Count);
        Assert.AreEqual(1, Regex.Matches(html, "data-chart=\"parallel-coordinates\"").Count);
        Assert.AreEqual(4, Regex.Matches(html, "data-chart=\"parameter\"").Count, "one per parameter");
        StringAssert.Contains(html, "Ranking (the best 3 of 4)");
        StringAssert.Contains(html, "<td>LearningRate=0.05 BatchSize=256 DropoutRate=0 Optimizer=Adam</td>", "the best trial first");
        StringAssert.Contains(html, "<td>LearningRate</td><td class=\"num\">0.700</td>");
    }

    [TestMethod]
    public void A_parameter_with_one_possible_value_is_said_once_and_left_out_of_the_charts_and_the_ranking()
    {
        SweepHistory plain = SweepData.History();
        SweepAxis constant = new("Fixed.ClassWeights", false, [new(0.5, "balanced")], ["balanced"]);
        var history = plain with
        {
            Axes = [.. plain.Axes, constant],
            Trials = plain.Trials.Select(t => t with { Values = new Dictionary<string, SweepValue>(t.Values) { ["Fixed.ClassWeights"] = new(0, 0.5, "balanced") } }).ToList(),
        };
        string html = SweepReport.Add(new HtmlReport("sweep"), history).ToString();
        StringAssert.Contains(html, "The same in every trial: Fixed.ClassWeights = balanced.");
        Assert.AreEqual(4, Regex.Matches(html, "data-chart=\"parameter\"").Count, "one per parameter that varies");
        Assert.DoesNotContain("data-parameter=\"Fixed.ClassWeights\"", html);
        Assert.DoesNotContain("data-axis=\"Fixed.ClassWeights\"", html, "no parallel-coordinates axis");
        StringAssert.Contains(html, "<td>LearningRate=0.05 BatchSize=256 DropoutRate=0 Optimizer=Adam</td>", "the ranking's parameters vary");
    }

    /// <summary>A study looked at while a worker runs a trial (report --study): the running trial is counted and listed as running, a queued one as unfinished.</summary>
    [TestMethod]
    public void Running_trials_are_counted_and_listed_as_running()
    {
        SweepHistory plain = SweepData.History();
        SweepTrial first = plain.Trials[0];
        var history = plain with { Trials = [.. plain.Trials, first with { Id = 6, Status = SweepTrialStatus.Running, Metric = null, Loss = null }, first with { Id = 7, Status = SweepTrialStatus.Unfinished, Metric = null, Loss = null }] };
        string html = SweepReport.Add(new HtmlReport("sweep"), history).ToString();
        StringAssert.Contains(html, "8 trials: 4 completed, 1 pruned, 1 failed, 2 unfinished (1 running).");
        Match running = Regex.Match(html, "<table class=\"running\">.*?</table>", RegexOptions.Singleline);
        Assert.IsTrue(running.Success, html);
        Assert.AreEqual(1, Regex.Matches(running.Value, "<tr><td class=\"num\">6</td><td>LearningRate=").Count, running.Value);
    }
}
