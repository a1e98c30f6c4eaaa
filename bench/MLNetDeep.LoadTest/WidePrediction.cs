namespace MLNetDeep.LoadTest;

using Microsoft.ML.Data;

/// <summary>The binary outputs.</summary>
public sealed class WidePrediction
{
    [ColumnName("PredictedLabel")]
    public bool Prediction { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
