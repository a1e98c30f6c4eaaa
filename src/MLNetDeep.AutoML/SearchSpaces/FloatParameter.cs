namespace MLNetDeep.AutoML.SearchSpaces;

using System.Globalization;
using System.Text.Json;

/// <summary>A real-valued parameter in [min, max] on a <see cref="ParameterScale"/> (values are <see cref="double"/>).</summary>
public sealed class FloatParameter : SearchParameter
{
    private readonly double _init;

    /// <summary>Creates a float parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value (greater than <paramref name="min"/>).</param>
    /// <param name="init">The default value; null for the centre of the unit coordinate (the geometric mean on a log scale). Default null.</param>
    /// <param name="scale">Linear, Log (min &gt; 0) or OneMinusLog (max &lt; 1). Default Linear.</param>
    public FloatParameter(string name, double min, double max, double? init = null, ParameterScale scale = ParameterScale.Linear)
        : base(name)
    {
        if (!(double.IsFinite(min) && double.IsFinite(max) && min < max))
        {
            throw new ArgumentException($"SweepParameters '{name}': min {min} must be less than max {max} (both finite).");
        }

        if (scale == ParameterScale.Log && min <= 0)
        {
            throw new ArgumentException($"SweepParameters '{name}': a log scale needs min > 0; min is {min}.");
        }

        if (scale == ParameterScale.OneMinusLog && max >= 1)
        {
            throw new ArgumentException($"SweepParameters '{name}': the 1 - 10^r scale needs max < 1; max is {max}.");
        }

        if (scale == ParameterScale.PowerOfTwo)
        {
            throw new ArgumentException($"SweepParameters '{name}': the power-of-two scale is for integer parameters.");
        }

        Min = min;
        Max = max;
        Scale = scale;
        _init = init ?? (double)FromUnit(0.5);
        if (!(_init >= min && _init <= max))
        {
            throw new ArgumentException($"SweepParameters '{name}': init {init} is outside [{min}, {max}].");
        }
    }

    /// <summary>The smallest value.</summary>
    public double Min { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <summary>The scale sampling is uniform on.</summary>
    public ParameterScale Scale { get; }

    /// <inheritdoc/>
    public override object Default => _init;

    /// <inheritdoc/>
    public override int? DistinctCount => null;

    /// <inheritdoc/>
    public override object FromUnit(double u)
    {
        u = Clamp01(u);
        double v = u == 0 ? Min : u == 1 ? Max : Scale switch // the ends exactly: a grid's 1e-6, not 1.0000000000000004E-06
        {
            ParameterScale.Log => Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))),
            ParameterScale.OneMinusLog => 1 - Math.Exp(Math.Log(1 - Min) + u * (Math.Log(1 - Max) - Math.Log(1 - Min))),
            _ => Min + u * (Max - Min),
        };
        return Math.Clamp(v, Min, Max);
    }

    /// <inheritdoc/>
    public override double ToUnit(object value)
    {
        double v = Math.Clamp(Convert.ToDouble(value, CultureInfo.InvariantCulture), Min, Max);
        double u = Scale switch
        {
            ParameterScale.Log => (Math.Log(v) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)),
            ParameterScale.OneMinusLog => (Math.Log(1 - v) - Math.Log(1 - Min)) / (Math.Log(1 - Max) - Math.Log(1 - Min)),
            _ => (v - Min) / (Max - Min),
        };
        return Clamp01(u);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<double> GridPoints(int steps)
    {
        if (steps <= 1)
        {
            return [ToUnit(_init)];
        }

        return Enumerable.Range(0, steps).Select(i => (double)i / (steps - 1)).ToArray();
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteString("name", Name);
        writer.WriteString("type", "float");
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteNumber("init", _init);
        writer.WriteString("scale", Scale.ToString());
    }

    internal override object ReadValue(JsonElement element) => element.GetDouble();
}
