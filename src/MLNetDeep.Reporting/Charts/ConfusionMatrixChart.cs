namespace MLNetDeep.Reporting.Charts;

using System.Globalization;
using System.Text;
using Microsoft.ML.Data;

/// <summary>
/// A confusion-matrix heat map: actual class down, predicted class across, each cell
/// (<c>&lt;g class="cell" data-actual="A" data-predicted="P" data-count="N"&gt;</c>) shaded by its share of the actual
/// class's row (so small classes show their errors too) and labelled with its count.
/// </summary>
public static class ConfusionMatrixChart
{
    /// <summary>Draws an ML.NET evaluator's matrix (<c>BinaryClassificationMetrics.ConfusionMatrix</c> or the multiclass one).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="classNames">
    /// One name per class in the matrix's order (ML.NET's binary matrix puts the positive class first; a multiclass one
    /// follows the label's key order), or null for the class indices 0, 1, ... (ML.NET's matrix does not carry names).
    /// </param>
    /// <param name="title">The title.</param>
    public static string Render(ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return Render(classNames ?? Enumerable.Range(0, matrix.NumberOfClasses).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), matrix.Counts, title);
    }

    /// <summary>Draws counts given as <c>counts[actual][predicted]</c>.</summary>
    /// <param name="classNames">One name per class.</param>
    /// <param name="counts">A square matrix, as many rows as names.</param>
    /// <param name="title">The title.</param>
    /// <exception cref="ArgumentException">The matrix is not square or does not match the names.</exception>
    public static string Render(IReadOnlyList<string> classNames, IReadOnlyList<IReadOnlyList<double>> counts, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(title);
        int k = classNames.Count;
        if (counts.Count != k || counts.Any(r => r.Count != k))
        {
            throw new ArgumentException($"The counts must be a {k} x {k} matrix, one row and column per class name.", nameof(counts));
        }

        int longest = classNames.Count == 0 ? 1 : classNames.Max(n => n.Length);
        double labelSpace = Math.Clamp(12 + 6.5 * longest, 40, 160);
        double cell = Math.Clamp(360.0 / Math.Max(1, k), 22, 80);
        double top = (title.Length > 0 ? 48 : 28), left = labelSpace + 24;
        int width = (int)Math.Ceiling(Math.Max(Math.Max(220, 8.5 * title.Length + 24), left + k * cell + 16));
        int height = (int)Math.Ceiling(top + k * cell + labelSpace + 24);

        var sb = new StringBuilder(2048);
        Svg.Open(sb, "confusion-matrix", title, width, height);
        Svg.Text(sb, left + k * cell / 2, top - 8, "predicted", cssClass: "axis-label");
        Svg.Text(sb, 12, top + k * cell / 2, "actual", cssClass: "axis-label", rotate: -90);
        sb.Append("<g class=\"cells\" data-classes=\"").Append(k).Append("\">");
        for (int a = 0; a < k; a++)
        {
            double rowTotal = counts[a].Where(double.IsFinite).Sum();
            for (int p = 0; p < k; p++)
            {
                double count = counts[a][p];
                double share = rowTotal > 0 && double.IsFinite(count) ? count / rowTotal : 0;
                string fill = Palette.Sequential(share);
                double x = left + p * cell, y = top + a * cell;
                sb.Append("<g class=\"cell\" data-actual=\"").Append(Svg.Escape(classNames[a])).Append("\" data-predicted=\"").Append(Svg.Escape(classNames[p]))
                    .Append("\" data-count=\"").Append(Svg.Data(count)).Append("\">");
                sb.Append("<rect x=\"").Append(Svg.F(x)).Append("\" y=\"").Append(Svg.F(y)).Append("\" width=\"").Append(Svg.F(cell)).Append("\" height=\"")
                    .Append(Svg.F(cell)).Append("\" fill=\"").Append(fill).Append("\" stroke=\"#ffffff\"/>");
                if (cell >= 22)
                {
                    sb.Append("<text x=\"").Append(Svg.F(x + cell / 2)).Append("\" y=\"").Append(Svg.F(y + cell / 2 + 4)).Append("\" text-anchor=\"middle\" fill=\"")
                        .Append(Palette.IsDark(fill) ? "#ffffff" : "#111111").Append("\">")
                        .Append(Svg.Escape(double.IsFinite(count) ? count.ToString("0.##", CultureInfo.InvariantCulture) : "NaN")).Append("</text>");
                }

                sb.Append("</g>");
            }
        }

        sb.Append("</g><g class=\"class-labels\">");
        for (int c = 0; c < k; c++)
        {
            Svg.Text(sb, left - 6, top + c * cell + cell / 2 + 4, classNames[c], anchor: "end", cssClass: "actual-label");
            double x = left + c * cell + cell / 2, y = top + k * cell + 8;
            Svg.Text(sb, x, y, classNames[c], anchor: "end", cssClass: "predicted-label", rotate: -45);
        }

        sb.Append("</g>");
        Svg.Close(sb);
        return sb.ToString();
    }
}
