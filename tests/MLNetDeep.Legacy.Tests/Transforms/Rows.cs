namespace MLNetDeep.Legacy.Tests.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>One row of the small test tables.</summary>
internal sealed class Row
{
    public float X { get; set; }

    [VectorType(2)]
    public float[] V { get; set; } = [0, 0];

    public string Cat { get; set; } = "";

    public double D { get; set; }

    public int I { get; set; }

    public long L { get; set; }

    public bool B { get; set; }
}
