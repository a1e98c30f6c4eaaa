namespace MLNetDeep.Reporting.Charts;

using System.Globalization;

/// <summary>Colours: a categorical palette (Tableau 10) and sequential / diverging ramps for values in [0, 1].</summary>
internal static class Palette
{
    private static readonly string[] Categorical =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>The colour of series or class <paramref name="index"/>.</summary>
    public static string Color(int index) => Categorical[((index % Categorical.Length) + Categorical.Length) % Categorical.Length];

    /// <summary>Class <paramref name="index"/>'s colour blended toward white by <paramref name="whiteness"/> (0 = full colour).</summary>
    public static string Tint(int index, double whiteness) => Blend(Color(index), "#ffffff", whiteness);

    /// <summary>A diverging ramp for a probability: class 0's colour at 0, white at 0.5, class 1's colour at 1 (lightened).</summary>
    public static string Diverging(double p)
    {
        p = double.IsFinite(p) ? Math.Clamp(p, 0, 1) : 0.5;
        return p < 0.5 ? Blend(Color(0), "#ffffff", 0.35 + 0.65 * (p / 0.5)) : Blend("#ffffff", Color(1), 0.65 * ((p - 0.5) / 0.5));
    }

    /// <summary>A sequential ramp (light yellow to dark blue) for <paramref name="t"/> in [0, 1].</summary>
    public static string Sequential(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        return t < 0.5 ? Blend("#ffffd9", "#41b6c4", t / 0.5) : Blend("#41b6c4", "#081d58", (t - 0.5) / 0.5);
    }

    /// <summary>Whether text on <paramref name="hex"/> should be white.</summary>
    public static bool IsDark(string hex)
    {
        var (r, g, b) = Parse(hex);
        return 0.299 * r + 0.587 * g + 0.114 * b < 140;
    }

    private static string Blend(string from, string to, double t)
    {
        var (r1, g1, b1) = Parse(from);
        var (r2, g2, b2) = Parse(to);
        int R(double a, double b) => (int)Math.Round(a + (b - a) * t);
        return string.Create(CultureInfo.InvariantCulture, $"#{R(r1, r2):x2}{R(g1, g2):x2}{R(b1, b2):x2}");
    }

    private static (int R, int G, int B) Parse(string hex) =>
        (int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
