namespace MLNetDeep.Samples.HyperparameterTuning;

/// <summary>One row of the spirals (data/spiral-*.csv): two coordinates and the arm (0, 1 or 2).</summary>
public sealed class SpiralPoint
{
    /// <summary>The first coordinate.</summary>
    public float X1 { get; set; }

    /// <summary>The second coordinate.</summary>
    public float X2 { get; set; }

    /// <summary>The arm, 0..2.</summary>
    public float Label { get; set; }
}
