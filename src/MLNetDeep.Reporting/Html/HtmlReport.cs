namespace MLNetDeep.Reporting.Html;

using System.Globalization;
using System.Net;
using System.Text;

/// <summary>
/// A self-contained HTML report: one file with inline CSS and inline SVG charts, no scripts, fonts, images or links
/// that fetch anything, so it opens offline. Parts are added in order: headings, paragraphs, charts (from the
/// <c>MLNetDeep.Reporting.Charts</c> classes), tables, key-value lists and data summaries. Every text is HTML-escaped.
/// </summary>
public sealed class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
        h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.25em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0 0 12px 0}figcaption{font-size:.85em;color:#555;max-width:640px}
        table{border-collapse:collapse;margin:8px 0 16px 0;font-size:.9em}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
        th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;padding:4px 0}
        svg{max-width:100%;height:auto}p.note{color:#555}
        """;

    private readonly StringBuilder _body = new();
    private bool _inCharts;

    /// <summary>A report titled <paramref name="title"/>.</summary>
    /// <param name="title">The page title and top heading.</param>
    /// <param name="subtitle">A line under the title (e.g. what and when), or null.</param>
    public HtmlReport(string title, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The line under the title, or null.</summary>
    public string? Subtitle { get; }

    /// <summary>Starts a section with a heading; <paramref name="id"/> becomes the section's <c>id</c>.</summary>
    public HtmlReport AddSection(string heading, string id)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(id);
        EndCharts();
        _body.Append("<h2 id=\"").Append(E(id)).Append("\">").Append(E(heading)).Append("</h2>\n");
        return this;
    }

    /// <summary>A paragraph of text.</summary>
    public HtmlReport AddParagraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        EndCharts();
        _body.Append("<p class=\"note\">").Append(E(text)).Append("</p>\n");
        return this;
    }

    /// <summary>
    /// A chart: SVG markup made by one of this library's charts, inserted as is (it is already escaped). Consecutive
    /// charts flow side by side.
    /// </summary>
    /// <param name="svg">The chart's markup (must be an <c>&lt;svg</c> element).</param>
    /// <param name="caption">What the chart shows, or null.</param>
    /// <exception cref="ArgumentException">The markup is not an SVG element.</exception>
    public HtmlReport AddChart(string svg, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        if (!svg.StartsWith("<svg", StringComparison.Ordinal) || !svg.EndsWith("</svg>", StringComparison.Ordinal))
        {
            throw new ArgumentException("A chart must be one <svg> element (from MLNetDeep.Reporting.Charts).", nameof(svg));
        }

        if (!_inCharts)
        {
            _body.Append("<div class=\"charts\">\n");
            _inCharts = true;
        }

        _body.Append("<figure>").Append(svg);
        if (caption is not null)
        {
            _body.Append("<figcaption>").Append(E(caption)).Append("</figcaption>");
        }

        _body.Append("</figure>\n");
        return this;
    }

    /// <summary>A table; cells that parse as numbers are right-aligned.</summary>
    /// <param name="headers">The column headers.</param>
    /// <param name="rows">The rows (each as many cells as headers).</param>
    /// <param name="caption">A caption, or null.</param>
    /// <param name="cssClass">A class for the table (to find it), or null.</param>
    public HtmlReport AddTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        EndCharts();
        _body.Append("<table");
        if (cssClass is not null)
        {
            _body.Append(" class=\"").Append(E(cssClass)).Append('"');
        }

        _body.Append('>');
        if (caption is not null)
        {
            _body.Append("<caption>").Append(E(caption)).Append("</caption>");
        }

        _body.Append("<thead><tr>");
        foreach (string h in headers)
        {
            _body.Append("<th>").Append(E(h)).Append("</th>");
        }

        _body.Append("</tr></thead><tbody>\n");
        foreach (IReadOnlyList<string> row in rows)
        {
            _body.Append("<tr>");
            foreach (string cell in row)
            {
                bool number = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                _body.Append(number ? "<td class=\"num\">" : "<td>").Append(E(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>A two-column table of names and values (options, metrics, model information).</summary>
    public HtmlReport AddProperties(IEnumerable<KeyValuePair<string, string>> items, string? caption = null, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        return AddTable(["name", "value"], items.Select(i => (IReadOnlyList<string>)[i.Key, i.Value]), caption, cssClass);
    }

    /// <summary>A data set's rows, columns and label distribution.</summary>
    public HtmlReport AddDataSummary(DataSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AddParagraph(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Name}: {summary.Rows} rows, {summary.Columns.Count} columns{(summary.LabelColumn is null ? "" : $", label '{summary.LabelColumn}'")}."));
        AddTable(["column", "type"], summary.Columns.Select(c => (IReadOnlyList<string>)[c.Key, c.Value]), $"Columns of {summary.Name}", "data-columns");
        if (summary.LabelCounts is { Count: > 0 } counts)
        {
            long total = counts.Sum(c => c.Value);
            AddTable(["label", "rows", "share"], counts.Select(c => (IReadOnlyList<string>)
                [c.Key, c.Value.ToString(CultureInfo.InvariantCulture), total > 0 ? ((double)c.Value / total).ToString("0.000", CultureInfo.InvariantCulture) : "0"]),
                $"Label distribution of {summary.Name}", "label-distribution");
        }

        return this;
    }

    /// <summary>Writes the whole page.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToString());
    }

    /// <summary>The whole page.</summary>
    public override string ToString()
    {
        var page = new StringBuilder(_body.Length + 2048);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"MLNetDeep.Reporting\">\n")
            .Append("<title>").Append(E(Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(Title)).Append("</h1>\n");
        if (Subtitle is not null)
        {
            page.Append("<p class=\"note\">").Append(E(Subtitle)).Append("</p>\n");
        }

        page.Append(_body);
        if (_inCharts)
        {
            page.Append("</div>\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private void EndCharts()
    {
        if (_inCharts)
        {
            _body.Append("</div>\n");
            _inCharts = false;
        }
    }
}
