namespace MLNetDeep.Reporting.Tests.Html;

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Neural.Training;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Reporting.Sweeps;

/// <summary>
/// Renders a report with every kind of chart in headless Chromium and measures what was drawn: a test-only script,
/// appended to a copy of the report, writes each chart's size and each series' bounding box, path length and marker
/// count into the DOM as JSON, which <c>--dump-dom</c> prints.
/// </summary>
[TestClass]
public sealed class ChromiumRenderTests
{
    private const string Measure = """
        <script>
        (function () {
          var charts = [];
          document.querySelectorAll('svg.chart').forEach(function (svg) {
            var rect = svg.getBoundingClientRect();
            var chart = { chart: svg.getAttribute('data-chart'), width: rect.width, height: rect.height, series: [], cells: svg.querySelectorAll('.cell').length, boundary: null };
            svg.querySelectorAll('.series, path.trial').forEach(function (s) {
              var box = s.getBBox();
              var length = 0;
              var paths = s.tagName.toLowerCase() === 'path' ? [s] : Array.prototype.slice.call(s.querySelectorAll('path'));
              paths.forEach(function (p) { length += p.getTotalLength(); });
              chart.series.push({ name: s.getAttribute('data-series'), points: Number(s.getAttribute('data-points')), width: box.width, height: box.height,
                                  length: length, markers: s.querySelectorAll('circle').length });
            });
            var boundary = svg.querySelector('.boundary');
            if (boundary) { var b = boundary.getBBox(); chart.boundary = { width: b.width, height: b.height }; }
            charts.push(chart);
          });
          var pre = document.createElement('pre');
          pre.id = 'measurements';
          pre.textContent = JSON.stringify(charts);
          document.body.appendChild(pre);
        })();
        </script>
        """;

    [TestMethod]
    [TestCategory("Slow")]
    public Task Every_chart_of_a_report_is_drawn_by_Chromium() => OwnThread.Run(() =>
    {
        if (Chromium.Find() is null)
        {
            Assert.Inconclusive("Chromium is not installed: apt-get install chromium");
        }

        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-reporting-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string page = Path.Combine(folder, "report.html");
        string html = BuildReport();
        File.WriteAllText(page, html.Replace("</body>", Measure + "</body>", StringComparison.Ordinal));

        string dom = Chromium.DumpDom(page, TimeSpan.FromSeconds(90));
        Match m = Regex.Match(dom, "<pre id=\"measurements\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.IsTrue(m.Success, "the measuring script ran: " + dom[..Math.Min(300, dom.Length)]);
        using JsonDocument json = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value));
        var charts = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("chart").GetString()!, c => c.Clone(), StringComparer.Ordinal);

        string[] expected = ["loss", "metric", "learning-rate", "decision-boundary", "confusion-matrix", "optimization-history", "parameter", "parallel-coordinates"];
        CollectionAssert.IsSubsetOf(expected, charts.Keys.ToArray(), string.Join(", ", charts.Keys));
        foreach (JsonElement chart in json.RootElement.EnumerateArray())
        {
            string name = chart.GetProperty("chart").GetString()!;
            Assert.IsTrue(chart.GetProperty("width").GetDouble() > 100 && chart.GetProperty("height").GetDouble() > 100, $"{name} has a size");
            foreach (JsonElement s in chart.GetProperty("series").EnumerateArray())
            {
                string label = $"{name} / {s.GetProperty("name").GetString()}";
                int points = s.GetProperty("points").GetInt32();
                if (points == 0)
                {
                    continue;
                }

                double w = s.GetProperty("width").GetDouble(), h = s.GetProperty("height").GetDouble();
                Assert.IsTrue(w > 0 || h > 0, $"{label}: drawn (bounding box {w} x {h})");
                Assert.IsTrue(s.GetProperty("length").GetDouble() > 0 || s.GetProperty("markers").GetInt32() > 0, $"{label}: a line with a length or markers");
            }
        }

        JsonElement Series(string chart, string series) => charts[chart].GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == series);
        JsonElement train = Series("loss", "training loss");
        Assert.AreEqual(30, train.GetProperty("points").GetInt32());
        Assert.IsTrue(train.GetProperty("length").GetDouble() > 200, "the loss curve crosses the plot");
        Assert.IsTrue(train.GetProperty("width").GetDouble() > 300 && train.GetProperty("height").GetDouble() > 50);
        Assert.IsTrue(Series("loss", "validation loss").GetProperty("length").GetDouble() > 200);
        Assert.IsTrue(Series("learning-rate", "schedule cosine:0:0").GetProperty("length").GetDouble() > 100);
        Assert.AreEqual(8, Series("optimization-history", "trial").GetProperty("markers").GetInt32());
        Assert.IsTrue(Series("optimization-history", "best so far").GetProperty("length").GetDouble() > 0);
        Assert.AreEqual(40, Series("decision-boundary", "inside").GetProperty("markers").GetInt32());
        JsonElement boundary = charts["decision-boundary"].GetProperty("boundary");
        Assert.IsTrue(boundary.GetProperty("width").GetDouble() > 300 && boundary.GetProperty("height").GetDouble() > 300, "the grid fills the plot");
        Assert.AreEqual(9, charts["confusion-matrix"].GetProperty("cells").GetInt32());
        JsonElement[] lines = charts["parallel-coordinates"].GetProperty("series").EnumerateArray().ToArray();
        Assert.HasCount(8, lines);
        Assert.IsTrue(lines.All(l => l.GetProperty("length").GetDouble() > 100), "every trial's line crosses the axes");
    });

    private static string BuildReport()
    {
        EpochRecord[] history = Enumerable.Range(1, 30).Select(e => new EpochRecord(e, 1.0 / e + 0.1, 1 - 0.5 / e, 1.2 / e + 0.15, 0.95 - 0.5 / e,
            LearningRateSchedule.Cosine().Preview(0.01, 30)[e - 1], 0.01)).ToArray();
        var rng = new Random(3);
        var points = Enumerable.Range(0, 80).Select(i =>
        {
            double angle = rng.NextDouble() * 2 * Math.PI, radius = i % 2 == 0 ? 0.5 : 1.5;
            return new LabeledPoint(radius * Math.Cos(angle), radius * Math.Sin(angle), i % 2);
        }).ToArray();
        var axes = new SweepAxis[]
        {
            new("LearningRate", true, [new(0, "0.0001"), new(0.5, "0.00316"), new(1, "0.1")]),
            new("Optimizer", false, [new(0.25, "Adam"), new(0.75, "Momentum")], ["Adam", "Momentum"]),
        };
        SweepTrial[] trials = Enumerable.Range(0, 8).Select(i =>
        {
            double u = (i * 0.37) % 1;
            bool momentum = i % 3 == 0;
            var values = new Dictionary<string, SweepValue>
            {
                ["LearningRate"] = new(Math.Pow(10, -4 + 3 * u), u, "lr"),
                ["Optimizer"] = new(momentum ? 1 : 0, momentum ? 0.75 : 0.25, momentum ? "Momentum" : "Adam"),
            };
            return new SweepTrial(i, SweepTrialStatus.Completed, values) { Metric = 0.5 + 0.05 * ((i * 5) % 8), Loss = 0.5 - 0.05 * ((i * 5) % 8) };
        }).ToArray();
        var sweep = new SweepHistory("Accuracy", axes, trials);

        return new HtmlReport("Everything")
            .AddSection("Training", "training")
            .AddChart(TrainingCharts.Loss(history))
            .AddChart(TrainingCharts.Metric(history, "accuracy"))
            .AddChart(TrainingCharts.LearningRate(LearningRateSchedule.Cosine(), 0.01, 30, history))
            .AddSection("Evaluation", "evaluation")
            .AddChart(DecisionBoundaryChart.Render((x, y) => 1 / (1 + Math.Exp(-4 * (Math.Sqrt(x * x + y * y) - 1))), points,
                new DecisionBoundaryOptions { Probability = true, ClassNames = ["inside", "outside"], Resolution = 40 }))
            .AddChart(ConfusionMatrixChart.Render(["a", "b", "c"], [[5, 1, 0], [1, 6, 2], [0, 0, 7]]))
            .AddSection("Sweep", "sweep")
            .AddChart(SweepCharts.OptimizationHistory(sweep))
            .AddChart(SweepCharts.ParameterVsMetric(sweep, "LearningRate"))
            .AddChart(SweepCharts.ParallelCoordinates(sweep))
            .ToString();
    }
}
