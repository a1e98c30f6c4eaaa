namespace MLNetDeep.Reporting.Tests.Html;

using System.Text.RegularExpressions;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;

[TestClass]
public sealed class HtmlReportTests
{
    [TestMethod]
    public void A_report_is_one_self_contained_page_with_escaped_text()
    {
        var report = new HtmlReport("Run <1> & co", "sub \"title\"");
        report.AddSection("Training", "training")
            .AddChart(LineChart.Render([new ChartSeries("s", [1, 2], [3, 4])], new ChartOptions { Kind = "loss" }), "caption <b>")
            .AddTable(["name", "value"], [["lr", "0.01"], ["<x>", "text"]], "Options", "options")
            .AddParagraph("a & b")
            .AddDataSummary(new DataSummary("train.csv", 10, [new("x", "Single"), new("y", "Boolean")], "y", [new("no", 4), new("yes", 6)]));
        string html = report.ToString();

        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        Assert.Contains("<title>Run &lt;1&gt; &amp; co</title>", html);
        Assert.Contains("caption &lt;b&gt;", html);
        Assert.Contains("<td>&lt;x&gt;</td>", html);
        Assert.Contains("<td class=\"num\">0.01</td>", html);
        Assert.Contains("data-chart=\"loss\"", html);
        Assert.Contains("class=\"label-distribution\"", html);
        Assert.Contains("<td class=\"num\">0.600</td>", html, "the share of 'yes'");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotMatchRegex(new Regex(@"\b(src|href)\s*="), html);
        string[] urls = Regex.Matches(html, @"https?://[^""'\s<>]+").Select(m => m.Value).Distinct().ToArray();
        CollectionAssert.AreEqual(new[] { "http://www.w3.org/2000/svg" }, urls, "only the SVG namespace, which is never fetched");
        Assert.AreEqual(Regex.Matches(html, "<div class=\"charts\">").Count, Regex.Matches(html, "</div>").Count, "chart rows are closed");
    }

    [TestMethod]
    public void WriteTo_writes_the_same_page_and_non_svg_charts_are_refused()
    {
        var report = new HtmlReport("r").AddChart(LineChart.Render([], new ChartOptions()));
        var writer = new StringWriter();
        report.WriteTo(writer);
        Assert.AreEqual(report.ToString(), writer.ToString());
        Assert.ThrowsExactly<ArgumentException>(() => report.AddChart("<script>alert(1)</script>"));
    }
}
