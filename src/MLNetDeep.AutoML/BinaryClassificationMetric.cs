namespace MLNetDeep.AutoML;

/// <summary>The metric a binary classification experiment optimizes (ML.NET's names).</summary>
public enum BinaryClassificationMetric
{
    /// <summary>Accuracy (maximized).</summary>
    Accuracy = 0,

    /// <summary>Area under the ROC curve (maximized).</summary>
    AreaUnderRocCurve = 1,

    /// <summary>F1 score of the positive class (maximized).</summary>
    F1Score = 2,

    /// <summary>Log loss (minimized).</summary>
    LogLoss = 3,
}
