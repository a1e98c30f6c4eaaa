namespace MLNetDeep.Samples.AspNetPrediction;

/// <summary>What a client sends: the two coordinates of a point (the label is only needed to train).</summary>
public sealed class PointInput
{
    /// <summary>The first coordinate.</summary>
    public float X1 { get; set; }

    /// <summary>The second coordinate.</summary>
    public float X2 { get; set; }

    /// <summary>The class (upper moon false, lower moon true); not needed to predict.</summary>
    public bool Label { get; set; }
}
