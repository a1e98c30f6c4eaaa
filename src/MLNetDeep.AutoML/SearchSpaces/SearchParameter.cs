namespace MLNetDeep.AutoML.SearchSpaces;

using System.Text.Json;

/// <summary>
/// One dimension of a <see cref="SweepSpace"/>: a named float, integer or choice parameter and its map from a unit-cube
/// coordinate u in [0, 1] to a value and back (one axis of the tuners' feature space).
/// </summary>
public abstract class SearchParameter
{
    private protected SearchParameter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The parameter's name (for typed spaces, the property name).</summary>
    public string Name { get; }

    /// <summary>The value used when nothing has been sampled yet (the attribute's <c>init</c>, else the centre of the unit coordinate).</summary>
    public abstract object Default { get; }

    /// <summary>The number of distinct values, or null for a continuous parameter.</summary>
    public abstract int? DistinctCount { get; }

    /// <summary>The value at unit coordinate <paramref name="u"/> (clamped to [0, 1]).</summary>
    public abstract object FromUnit(double u);

    /// <summary>The unit coordinate of <paramref name="value"/> (for discrete parameters, the centre of its cell).</summary>
    public abstract double ToUnit(object value);

    /// <summary>Unit coordinates of a grid with <paramref name="steps"/> points (discrete parameters: every value when there are no more than the steps, else evenly spread values).</summary>
    public abstract IReadOnlyList<double> GridPoints(int steps);

    internal abstract void WriteJson(Utf8JsonWriter writer);

    internal abstract object ReadValue(JsonElement element);

    internal static double Clamp01(double u) => double.IsNaN(u) ? 0.5 : Math.Clamp(u, 0.0, 1.0);
}
