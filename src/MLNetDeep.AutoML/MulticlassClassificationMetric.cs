namespace MLNetDeep.AutoML;

/// <summary>The metric a multiclass classification experiment optimizes (ML.NET's names).</summary>
public enum MulticlassClassificationMetric
{
    /// <summary>Micro-averaged accuracy: the fraction of rows predicted right (maximized).</summary>
    MicroAccuracy = 0,

    /// <summary>Macro-averaged accuracy: the mean per-class accuracy (maximized).</summary>
    MacroAccuracy = 1,

    /// <summary>Log loss (minimized).</summary>
    LogLoss = 2,
}
