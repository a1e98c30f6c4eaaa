namespace MLNetDeep.Reporting.Tests;

using System.Xml.Linq;

/// <summary>Parses chart markup as XML (so it is well formed) and finds elements by class and data attributes.</summary>
internal static class SvgAssert
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>The root of <paramref name="svg"/>, asserting it is one well-formed SVG element of <paramref name="kind"/>.</summary>
    public static XElement Parse(string svg, string kind)
    {
        XElement root = XDocument.Parse(svg).Root!;
        Assert.AreEqual(Ns + "svg", root.Name);
        Assert.AreEqual(kind, (string?)root.Attribute("data-chart"));
        Assert.AreEqual("chart", (string?)root.Attribute("class"));
        return root;
    }

    /// <summary>Elements whose class list contains <paramref name="cssClass"/>.</summary>
    public static IEnumerable<XElement> WithClass(this XElement root, string cssClass) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true);

    /// <summary>The series group named <paramref name="name"/>.</summary>
    public static XElement Series(this XElement root, string name)
    {
        XElement[] found = root.WithClass("series").Where(e => (string?)e.Attribute("data-series") == name).ToArray();
        Assert.HasCount(1, found, $"series '{name}' among: {string.Join(", ", root.WithClass("series").Select(e => (string?)e.Attribute("data-series")))}");
        return found[0];
    }

    /// <summary>The number of points a series says it drew.</summary>
    public static int Points(this XElement series) => (int)series.Attribute("data-points")!;

    /// <summary>The tick values of the x or y axis.</summary>
    public static double[] Ticks(this XElement root, string axis) =>
        root.WithClass(axis).Single().WithClass("tick").Select(t => double.Parse((string)t.Attribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The scale (linear, log, category) of the x or y axis.</summary>
    public static string Scale(this XElement root, string axis) => (string)root.WithClass(axis).Single().Attribute("data-scale")!;
}
