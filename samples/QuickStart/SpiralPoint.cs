namespace MLNetDeep.Samples.QuickStart;

using Microsoft.ML.Data;

/// <summary>One row of data/spiral-*.csv (header <c>X1,X2,Label</c>): two coordinates and the spiral arm 0, 1 or 2.</summary>
public sealed class SpiralPoint
{
    /// <summary>The first coordinate.</summary>
    [LoadColumn(0)]
    public float X1 { get; set; }

    /// <summary>The second coordinate.</summary>
    [LoadColumn(1)]
    public float X2 { get; set; }

    /// <summary>The arm (the file's Label column).</summary>
    [LoadColumn(2)]
    public float Arm { get; set; }
}
