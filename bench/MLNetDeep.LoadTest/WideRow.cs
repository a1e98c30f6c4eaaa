namespace MLNetDeep.LoadTest;

using Microsoft.ML.Data;

/// <summary>A 30-feature binary example.</summary>
public sealed class WideRow
{
    [VectorType(30)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
