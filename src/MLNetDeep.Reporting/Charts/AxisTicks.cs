namespace MLNetDeep.Reporting.Charts;

using System.Globalization;

/// <summary>
/// "Nice" axis ticks. Linear: Heckbert's nice numbers (steps of 1, 2 or 5 times a power of ten, the domain widened to
/// whole steps). Log: the powers of ten covering the data, with 2 and 5 between them when the data spans at most two
/// decades. Degenerate ranges (one value, nothing finite) get a sensible domain instead of a zero-width one.
/// </summary>
internal static class AxisTicks
{
    /// <summary>Linear ticks over [<paramref name="min"/>, <paramref name="max"/>]; the first and last are the domain.</summary>
    public static double[] Linear(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        if (max - min <= Math.Abs(max) * 1e-12 || max == min)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }

        double range = Nice(max - min, round: false);
        double step = Nice(range / Math.Max(1, target - 1), round: true);
        double start = Math.Floor(min / step) * step;
        double end = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((end - start) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++)
        {
            double v = start + i * step;
            ticks[i] = Math.Abs(v) < step * 1e-9 ? 0 : v;
        }

        return ticks;
    }

    /// <summary>Log ticks over the positive range [<paramref name="min"/>, <paramref name="max"/>]; the first and last are the domain.</summary>
    public static double[] Log(double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(min) || !(max > 0) || !double.IsFinite(max))
        {
            (min, max) = (1, 10);
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        int lo = (int)Math.Floor(Math.Log10(min) + 1e-9);
        int hi = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var ticks = new List<double>();
        bool minor = hi - lo <= 2;
        for (int e = lo; e <= hi; e++)
        {
            double p = Math.Pow(10, e);
            ticks.Add(p);
            if (minor && e < hi)
            {
                ticks.Add(2 * p);
                ticks.Add(5 * p);
            }
        }

        return ticks.ToArray();
    }

    /// <summary>A tick label: invariant, with as many decimals as the step needs; exponent form for very large or small values.</summary>
    public static string Label(double value, double step)
    {
        if (value == 0)
        {
            return "0";
        }

        double a = Math.Abs(value);
        if (a >= 1e6 || a < 1e-4)
        {
            return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        }

        int decimals = step > 0 && double.IsFinite(step) ? Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 10) : 4;
        return Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture);
    }

    /// <summary>A log-axis tick label: plain from 0.001 to 10000 (0.001, 0.02, 1, 500), else as Python and TensorBoard write it (1e-4, 5e-5, 1e5).</summary>
    public static string LogLabel(double value)
    {
        double a = Math.Abs(value);
        return a >= 1e5 || a < 1e-3
            ? value.ToString("0.#e-0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static double Nice(double x, bool round)
    {
        double exp = Math.Floor(Math.Log10(x));
        double f = x / Math.Pow(10, exp);
        double nf = round
            ? f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
            : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nf * Math.Pow(10, exp);
    }
}
