namespace MLNetDeep;

/// <summary>What a feed-forward model was trained for; it decides the network's head and the model's output columns.</summary>
public enum FeedForwardTask
{
    /// <summary>Boolean label; outputs <c>Score</c> (the logit), <c>Probability</c> and <c>PredictedLabel</c> (Boolean).</summary>
    BinaryClassification = 0,

    /// <summary>Key label; outputs <c>Score</c> (the class probabilities) and <c>PredictedLabel</c> (the label's key type).</summary>
    MulticlassClassification = 1,

    /// <summary>Single label; outputs <c>Score</c> (the predicted value in the label's units).</summary>
    Regression = 2,
}
