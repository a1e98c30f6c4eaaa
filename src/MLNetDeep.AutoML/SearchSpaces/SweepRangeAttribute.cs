namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Marks a numeric property of an options type as a searched range for <see cref="SweepSpace.FromType"/> (what
/// Microsoft.ML.SearchSpace's <c>[Range]</c> does, under a name that does not collide with it). On an <see cref="int"/>
/// property the bounds are integers; on a float or double property, reals.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SweepRangeAttribute : Attribute
{
    /// <summary>A real range.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    /// <param name="init">The default value.</param>
    /// <param name="logBase">True to sample uniformly in log space (min &gt; 0). Default false.</param>
    public SweepRangeAttribute(double min, double max, double init, bool logBase = false)
    {
        Min = min;
        Max = max;
        Init = init;
        Scale = logBase ? ParameterScale.Log : ParameterScale.Linear;
    }

    /// <summary>An integer range.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    /// <param name="init">The default value.</param>
    /// <param name="logBase">True to sample uniformly in log space (min &gt;= 1). Default false.</param>
    public SweepRangeAttribute(int min, int max, int init, bool logBase = false)
        : this((double)min, max, init, logBase)
    {
    }

    /// <summary>The smallest value.</summary>
    public double Min { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <summary>The default value.</summary>
    public double Init { get; }

    /// <summary>The sampling scale; set it to override <c>logBase</c> (e.g. <see cref="ParameterScale.OneMinusLog"/> or <see cref="ParameterScale.PowerOfTwo"/>). Default from <c>logBase</c>: Log or Linear.</summary>
    public ParameterScale Scale { get; set; }
}
