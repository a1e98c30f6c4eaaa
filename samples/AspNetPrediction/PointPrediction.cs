namespace MLNetDeep.Samples.AspNetPrediction;

using MLNetDeep.Legacy.Data;

/// <summary>What the model answers (ML.NET's usual binary output class).</summary>
public sealed class PointPrediction
{
    [ColumnName("PredictedLabel")]
    public bool Prediction { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
