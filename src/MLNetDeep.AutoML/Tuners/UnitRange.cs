namespace MLNetDeep.AutoML.Tuners;

/// <summary>A closed interval of one unit-cube coordinate (a parameter's range on its own scale).</summary>
/// <param name="Low">The lower end, in [0, 1].</param>
/// <param name="High">The upper end, in [Low, 1].</param>
public readonly record struct UnitRange(double Low, double High)
{
    /// <summary>High - Low.</summary>
    public double Width => High - Low;
}
