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
        XElement mse = SvgAssert.Parse(TrainingCharts.Metric(History(12, validation: true), "mse"), "metric");
        Assert.AreEqual("MSE per epoch", mse.Element(SvgAssert.Ns + "title")!.Value, "before: Mse per epoch");
        Assert.AreEqual("MSE", mse.WithClass("y-axis").Single().WithClass("axis-label").Single().Value);
        Assert.AreEqual(12, mse.Series("training mse").Points());
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

    /// <summary>
    /// A loss that falls by more than two decades gets a log axis by itself, with decade ticks labelled 1e-4, 0.001, ...,
    /// 1 and the axis saying "loss (log scale)"; one that spans at most a factor of 100, or reaches 0, keeps the linear
    /// axis; logY: false keeps it linear. Before, every loss chart was linear unless asked: the later epochs of a loss
    /// falling by decades drew as a flat line along the bottom.
    /// </summary>
    [TestMethod]
    public void The_loss_axis_is_logarithmic_when_the_losses_span_more_than_two_decades()
    {
        EpochRecord[] falling = [.. Enumerable.Range(0, 41).Select(e => new EpochRecord(e + 1, Math.Pow(10, -e / 10.0), 0.5, null, null, 0.01, 0))];
        XElement loss = SvgAssert.Parse(TrainingCharts.Loss(falling), "loss");
        Assert.AreEqual("log", loss.Scale("y-axis"));
        XElement axis = loss.WithClass("y-axis").Single();
        CollectionAssert.AreEqual(new[] { "1e-4", "0.001", "0.01", "0.1", "1" }, axis.WithClass("tick").Select(t => t.Value).ToArray());
        Assert.AreEqual("loss (log scale)", axis.WithClass("axis-label").Single().Value);
        Assert.AreEqual(41, loss.Series("training loss").Points());

        XElement forced = SvgAssert.Parse(TrainingCharts.Loss(falling, logY: false), "loss");
        Assert.AreEqual("linear", forced.Scale("y-axis"));
        Assert.AreEqual("loss", forced.WithClass("y-axis").Single().WithClass("axis-label").Single().Value);

        EpochRecord[] hundredfold = [.. falling.Take(21)]; // 1 down to 0.01: a factor of 100
        Assert.AreEqual("linear", SvgAssert.Parse(TrainingCharts.Loss(hundredfold), "loss").Scale("y-axis"));
        EpochRecord[] reachesZero = [.. falling, new EpochRecord(42, 0, 0.5, null, null, 0.01, 0)];
        Assert.AreEqual("linear", SvgAssert.Parse(TrainingCharts.Loss(reachesZero), "loss").Scale("y-axis"), "a zero loss cannot be drawn on a log axis");
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

    /// <summary>
    /// A record of a model continued twice (3 epochs at lr 0.01, 2 at 0.003 from the first run's best epoch 2, then 4 at
    /// 0.001): the loss, metric and learning-rate charts draw all 9 epochs on one axis, with a marker where each later run began.
    /// </summary>
    [TestMethod]
    public void A_continued_models_charts_draw_every_run_on_one_epoch_axis_with_a_marker_where_each_run_began()
    {
        static string Epochs(int from, int count, double rate) => string.Join(',', Enumerable.Range(from, count)
            .Select(e => $$"""{"epoch":{{e}},"loss":{{1.0 / (from + e)}},"metric":0.7,"validationLoss":0.9,"validationMetric":0.6,"learningRate":{{rate}}}"""));
        static FeedForwardModelInfo Record(string earlierRuns) => FeedForwardModelInfo.FromJson($$"""
            {"format":1,"task":"BinaryClassification","featureColumn":"Features","labelColumn":"Label","featureCount":2,"outputCount":1,
             "classNames":[],"layers":["Dense(1)"],"parameterCount":3,"options":{"LearningRate":"0.001","LearningRateSchedule":"constant","NumberOfEpochs":"4"},
             "lossName":"binary-cross-entropy","metricName":"accuracy","bestEpoch":4,"stoppedEarly":false,"trainingRows":10,"validationRows":5,
             "backend":"managed","libraryVersion":"0.1","history":[{{Epochs(1, 4, 0.001)}}]{{earlierRuns}}}
            """);
        FeedForwardModelInfo info = Record($$"""
            ,"earlierRuns":[{"modelEpoch":2,"changedOptions":{"LearningRate":"0.01","NumberOfEpochs":"3"},"history":[{{Epochs(1, 3, 0.01)}}]},
                            {"modelEpoch":5,"changedOptions":{"LearningRate":"0.003","NumberOfEpochs":"2"},"history":[{{Epochs(4, 2, 0.003)}}]}]
            """);
        string[] expected = ["4 lr 0.003, from epoch 2", "6 lr 0.001"];
        static string[] Markers(XElement chart) => [.. chart.WithClass("x-marker").Select(m => $"{(string?)m.Attribute("data-x")} {(string?)m.Attribute("data-label")}")];

        XElement loss = SvgAssert.Parse(TrainingCharts.Loss(info), "loss");
        Assert.AreEqual(9, loss.Series("training loss").Points());
        Assert.AreEqual(9, loss.Series("validation loss").Points());
        CollectionAssert.AreEqual(expected, Markers(loss));
        Assert.IsGreaterThanOrEqualTo(9, loss.Ticks("x-axis").Max(), "the axis runs to the last run's last epoch");
        XElement metric = SvgAssert.Parse(TrainingCharts.Metric(info), "metric");
        Assert.AreEqual(9, metric.Series("training accuracy").Points());
        CollectionAssert.AreEqual(expected, Markers(metric));
        XElement rate = SvgAssert.Parse(TrainingCharts.LearningRate(LearningRateSchedule.Constant, 0.001, 4, info, logY: false), "learning-rate");
        Assert.AreEqual(9, rate.Series("used").Points());
        Assert.AreEqual(4, rate.Series("schedule constant").Points());
        CollectionAssert.AreEqual(expected, Markers(rate));

        // A model trained from fresh weights: its own epochs from 1 and no marker.
        XElement own = SvgAssert.Parse(TrainingCharts.Loss(Record("")), "loss");
        Assert.AreEqual(4, own.Series("training loss").Points());
        Assert.IsEmpty(own.WithClass("x-marker"));
        Assert.IsLessThan(6, own.Ticks("x-axis").Max());
    }

    /// <summary>
    /// Marker labels stay inside the chart and apart: a run that began near the right edge has its label left of its line
    /// (before, "lr 0.001, from epoch 31" of a 38-epoch curve ran past the chart's edge and was cut at "from e"), and the
    /// labels of runs a few epochs apart go on separate lines (before, they were drawn over each other).
    /// </summary>
    [TestMethod]
    public void Marker_labels_stay_inside_the_chart_and_do_not_overlap()
    {
        EpochRecord[] epochs = [.. Enumerable.Range(1, 38).Select(e => new EpochRecord(e, 1.0 / e, 0.9, null, null, 0.01, 0))];
        string svg = LineChart.Render([new ChartSeries("loss", [.. epochs.Select(e => (double)e.Epoch)], [.. epochs.Select(e => e.Loss)])],
            new ChartOptions { Kind = "loss", XMarkers = [(31, "lr 0.003"), (35, "lr 0.001, from epoch 31")] });
        XElement[] labels = [.. SvgAssert.Parse(svg, "loss").WithClass("x-marker").Select(m => m.Element(SvgAssert.Ns + "text")!)];
        double X(XElement e, string name) => double.Parse((string)e.Attribute(name)!, System.Globalization.CultureInfo.InvariantCulture);
        XElement line = labels[1].Parent!.Element(SvgAssert.Ns + "line")!;
        Assert.AreEqual("end", (string?)labels[1].Attribute("text-anchor"), "the last run's long label is drawn left of its line");
        Assert.IsLessThan(X(line, "x1"), X(labels[1], "x"));
        Assert.AreEqual("start", (string?)labels[0].Attribute("text-anchor"));
        Assert.AreNotEqual(X(labels[0], "y"), X(labels[1], "y"), "labels that would overlap are on separate lines");
    }
}
