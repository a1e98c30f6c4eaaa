namespace MLNetDeep.AutoML.Worker;

/// <summary>A two-moons point.</summary>
internal sealed class Point
{
    public float X1 { get; set; }

    public float X2 { get; set; }

    public bool Label { get; set; }
}
