namespace MLNetDeep.Samples.AspNetPrediction;

using Microsoft.ML.Data;

/// <summary>What the model answers (ML.NET's usual binary output class).</summary>
public sealed class PointPrediction
{
    /// <summary>The predicted class (Score &gt; 0). ML.NET's Boolean cannot be missing: with a NaN Score it reads false, so check Score.</summary>
    [ColumnName("PredictedLabel")]
    public bool Prediction { get; set; }

    /// <summary>The probability of the true class.</summary>
    public float Probability { get; set; }

    /// <summary>The raw score (the logit).</summary>
    public float Score { get; set; }
}
