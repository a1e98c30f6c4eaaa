namespace MLNetDeep.Samples.QuickStart;

using Microsoft.ML.Data;

/// <summary>What the model predicts for a <see cref="SpiralPoint"/>.</summary>
public sealed class SpiralPrediction
{
    /// <summary>The predicted arm, mapped back from the key.</summary>
    [ColumnName("PredictedArm")]
    public float Arm { get; set; }

    /// <summary>The probability of each arm.</summary>
    [VectorType(3)]
    public float[] Score { get; set; } = [];
}
