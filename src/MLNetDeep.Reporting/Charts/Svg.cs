namespace MLNetDeep.Reporting.Charts;

using System.Globalization;
using System.Text;

/// <summary>
/// Text helpers for hand-written SVG: culture-invariant numbers, XML escaping and the root element every chart shares
/// (<c>class="chart" data-chart="KIND"</c>, a <c>&lt;title&gt;</c>, a white background).
/// </summary>
internal static class Svg
{
    /// <summary>A coordinate: invariant culture, at most two decimals, no exponent.</summary>
    public static string F(double value) =>
        double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>
    /// Escapes text for an XML element or a quoted attribute (&amp; &lt; &gt; &quot; &apos;) and drops characters XML 1.0
    /// cannot hold (control characters other than tab, line feed and carriage return; lone surrogates).
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c) || (c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is '\uFFFE' or '\uFFFF')
                    {
                        // Not representable in XML 1.0: dropped.
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Opens the root element of a chart.</summary>
    public static void Open(StringBuilder sb, string kind, string title, int width, int height)
    {
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").Append(Escape(kind))
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.Append("<title>").Append(Escape(title)).Append("</title>");
        sb.Append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" fill=\"#ffffff\"/>");
        if (title.Length > 0)
        {
            sb.Append("<text class=\"chart-title\" x=\"").Append(F(width / 2.0)).Append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">")
                .Append(Escape(title)).Append("</text>");
        }
    }

    /// <summary>Closes the root element.</summary>
    public static void Close(StringBuilder sb) => sb.Append("</svg>");

    /// <summary>A text element.</summary>
    public static void Text(StringBuilder sb, double x, double y, string text, string anchor = "middle", string? cssClass = null, double rotate = 0)
    {
        sb.Append("<text");
        if (cssClass is not null)
        {
            sb.Append(" class=\"").Append(cssClass).Append('"');
        }

        sb.Append(" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" text-anchor=\"").Append(anchor).Append('"');
        if (rotate != 0)
        {
            sb.Append(" transform=\"rotate(").Append(F(rotate)).Append(' ').Append(F(x)).Append(' ').Append(F(y)).Append(")\"");
        }

        sb.Append('>').Append(Escape(text)).Append("</text>");
    }

    /// <summary>A number for a <c>data-*</c> attribute: round-trip invariant, or <c>NaN</c>.</summary>
    public static string Data(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
