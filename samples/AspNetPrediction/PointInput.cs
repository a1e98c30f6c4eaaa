namespace MLNetDeep.Samples.AspNetPrediction;

/// <summary>What a client sends: the two coordinates of a point (the label is only needed to train).</summary>
public sealed class PointInput
{
    public float X1 { get; set; }

    public float X2 { get; set; }

    public bool Label { get; set; }
}
