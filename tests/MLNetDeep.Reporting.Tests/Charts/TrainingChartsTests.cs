namespace MLNetDeep.Reporting.Tests.Charts;

using System.Xml.Linq;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;

[TestClass]
public sealed class TrainingChartsTests
{
    private static EpochRecord[] History(int epochs, bool validation) => Enumerable.Range(1, epochs)
        .Select(e => new EpochRecord(e, 1.0 / e, 0.5 + 0.04 * e, validation ? 1.2 / e : null, validation ? 0.45 + 0.04 * e : null, 0.01, 0.1))
        .ToArray();

    [TestMethod]
    public void Loss_and_metric_have_training_and_validation_series_with_a_point_per_epoch()
    {
        XElement loss = SvgAssert.Parse(TrainingCharts.Loss(History(12, validation: true)), "loss");
        Assert.AreEqual(12, loss.Series("training loss").Points());
        Assert.AreEqual(12, loss.Series("validation loss").Points());
        XElement metric = SvgAssert.Parse(TrainingCharts.Metric(History(12, validation: true), "accuracy"), "metric");
        Assert.AreEqual(12, metric.Series("training accuracy").Points());
        Assert.AreEqual(12, metric.Series("validation accuracy").Points());
        Assert.AreEqual("Accuracy per epoch", metric.Element(SvgAssert.Ns + "title")!.Value);
    }

    [TestMethod]
    public void Without_validation_there_is_one_series_and_one_epoch_still_draws()
    {
        XElement loss = SvgAssert.Parse(TrainingCharts.Loss(History(1, validation: false)), "loss");
        Assert.HasCount(1, loss.WithClass("series"));
        Assert.AreEqual(1, loss.Series("training loss").Points());
        Assert.HasCount(1, loss.Series("training loss").WithClass("marker"), "a lone epoch is a dot");
        XElement empty = SvgAssert.Parse(TrainingCharts.Loss([]), "loss");
        Assert.AreEqual(0, empty.Series("training loss").Points());
    }

    [TestMethod]
    public void Log_loss_axis_when_asked()
    {
        XElement loss = SvgAssert.Parse(TrainingCharts.Loss(History(100, validation: false), logY: true), "loss");
        Assert.AreEqual("log", loss.Scale("y-axis"));
        Assert.AreEqual("linear", loss.Scale("x-axis"));
    }

    [TestMethod]
    public void Learning_rate_shows_the_schedule_and_the_rates_used()
    {
        EpochRecord[] used = Enumerable.Range(1, 6).Select(e => new EpochRecord(e, 1, 1, null, null, e <= 3 ? 0.1 : 0.01, 0)).ToArray();
        XElement lr = SvgAssert.Parse(TrainingCharts.LearningRate(LearningRateSchedule.Step(2, 0.5), 0.1, 6, used, logY: true), "learning-rate");
        XElement schedule = lr.Series("schedule step:2:0.5");
        Assert.AreEqual(6, schedule.Points());
        Assert.AreEqual(6, lr.Series("used").Points());
        Assert.AreEqual("log", lr.Scale("y-axis"));
        XElement planOnly = SvgAssert.Parse(TrainingCharts.LearningRate(LearningRateSchedule.Constant, 0.01, 1), "learning-rate");
        Assert.HasCount(1, planOnly.WithClass("series"), "no history, no 'used' series");
        Assert.AreEqual(1, planOnly.Series("schedule constant").Points());
    }
}
