namespace MLNetDeep.AutoML.SearchSpaces;

using System.Globalization;
using System.Numerics;
using System.Text.Json;

/// <summary>An integer parameter in [min, max] on a <see cref="ParameterScale"/> (values are <see cref="int"/>).</summary>
public sealed class IntParameter : SearchParameter
{
    private readonly int _init;

    /// <summary>Creates an integer parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value (at least <paramref name="min"/>).</param>
    /// <param name="init">The default value; null for the centre of the unit coordinate. Default null.</param>
    /// <param name="scale">Linear, Log (min &gt;= 1; sampled log-uniformly, then rounded) or PowerOfTwo (min and max powers of two; uniform in the exponent). Default Linear.</param>
    public IntParameter(string name, int min, int max, int? init = null, ParameterScale scale = ParameterScale.Linear)
        : base(name)
    {
        if (min > max)
        {
            throw new ArgumentException($"SweepParameters '{name}': min {min} is greater than max {max}.");
        }

        if (scale == ParameterScale.Log && min < 1)
        {
            throw new ArgumentException($"SweepParameters '{name}': a log scale needs min >= 1; min is {min}.");
        }

        if (scale == ParameterScale.PowerOfTwo && !(min >= 1 && BitOperations.IsPow2(min) && BitOperations.IsPow2(max)))
        {
            throw new ArgumentException($"SweepParameters '{name}': the power-of-two scale needs min and max to be powers of two; they are {min} and {max}.");
        }

        if (scale == ParameterScale.OneMinusLog)
        {
            throw new ArgumentException($"SweepParameters '{name}': the 1 - 10^r scale is for float parameters.");
        }

        Min = min;
        Max = max;
        Scale = scale;
        _init = init ?? (int)FromUnit(0.5);
        if (_init < min || _init > max || (scale == ParameterScale.PowerOfTwo && !BitOperations.IsPow2(_init)))
        {
            throw new ArgumentException($"SweepParameters '{name}': init {init} is not a value of the parameter.");
        }
    }

    /// <summary>The smallest value.</summary>
    public int Min { get; }

    /// <summary>The largest value.</summary>
    public int Max { get; }

    /// <summary>The scale sampling is uniform on.</summary>
    public ParameterScale Scale { get; }

    /// <inheritdoc/>
    public override object Default => _init;

    /// <inheritdoc/>
    public override int? DistinctCount => Scale == ParameterScale.PowerOfTwo ? Exponent(Max) - Exponent(Min) + 1 : Max - Min + 1;

    /// <inheritdoc/>
    public override object FromUnit(double u)
    {
        u = Clamp01(u);
        switch (Scale)
        {
            case ParameterScale.PowerOfTwo:
                {
                    int a = Exponent(Min), n = Exponent(Max) - a + 1;
                    return 1 << (a + Math.Min(n - 1, (int)Math.Floor(u * n)));
                }

            case ParameterScale.Log:
                {
                    // Log-uniform over [min - 0.5, max + 0.5], then rounded: every integer gets the log-width of its cell.
                    double lo = Math.Log(Min - 0.5 <= 0 ? 0.5 : Min - 0.5), hi = Math.Log(Max + 0.5);
                    return Math.Clamp((int)Math.Round(Math.Exp(lo + u * (hi - lo))), Min, Max);
                }

            default:
                {
                    int n = Max - Min + 1;
                    return Min + Math.Min(n - 1, (int)Math.Floor(u * n));
                }
        }
    }

    /// <inheritdoc/>
    public override double ToUnit(object value)
    {
        int v = Math.Clamp(Convert.ToInt32(value, CultureInfo.InvariantCulture), Min, Max);
        switch (Scale)
        {
            case ParameterScale.PowerOfTwo:
                {
                    int a = Exponent(Min), n = Exponent(Max) - a + 1;
                    int k = Math.Clamp(Exponent(v) - a, 0, n - 1);
                    return (k + 0.5) / n;
                }

            case ParameterScale.Log:
                {
                    double lo = Math.Log(Min - 0.5 <= 0 ? 0.5 : Min - 0.5), hi = Math.Log(Max + 0.5);
                    return Clamp01((Math.Log(v) - lo) / (hi - lo));
                }

            default:
                return (v - Min + 0.5) / (Max - Min + 1);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<double> GridPoints(int steps)
    {
        int n = DistinctCount!.Value;
        if (n <= Math.Max(steps, 1))
        {
            double[] all = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
            return Scale == ParameterScale.Log ? all.Select(u => ToUnit(FromUnit(u))).Distinct().ToArray() : all;
        }

        var points = new List<double>();
        for (int i = 0; i < steps; i++)
        {
            double u = ToUnit(FromUnit(steps == 1 ? ToUnit(_init) : (double)i / (steps - 1)));
            if (!points.Contains(u))
            {
                points.Add(u);
            }
        }

        return points;
    }

    /// <summary>The values the parameter takes from <paramref name="from"/> to <paramref name="to"/>, in order (a power-of-two parameter's powers of two).</summary>
    internal object[] Values(int from = int.MinValue, int to = int.MaxValue)
    {
        var values = new List<object>();
        for (long i = Math.Max(from, Min); i <= Math.Min(to, Max); i++)
        {
            if ((int)FromUnit(ToUnit((int)i)) == i)
            {
                values.Add((int)i);
            }
        }

        return [.. values];
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteString("name", Name);
        writer.WriteString("type", "int");
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteNumber("init", _init);
        writer.WriteString("scale", Scale.ToString());
    }

    internal override object ReadValue(JsonElement element) => element.GetInt32();

    private static int Exponent(int powerOfTwo) => BitOperations.Log2((uint)powerOfTwo);
}
