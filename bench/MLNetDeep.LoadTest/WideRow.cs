namespace MLNetDeep.LoadTest;

using MLNetDeep.Legacy.Data;

/// <summary>A 30-feature binary example.</summary>
public sealed class WideRow
{
    [VectorType(30)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
