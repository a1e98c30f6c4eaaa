namespace MLNetDeep.AutoML;

/// <summary>The metric a regression experiment optimizes (ML.NET's names).</summary>
public enum RegressionMetric
{
    /// <summary>R-squared (maximized).</summary>
    RSquared = 0,

    /// <summary>Mean squared error (minimized).</summary>
    MeanSquaredError = 1,

    /// <summary>Mean absolute error (minimized).</summary>
    MeanAbsoluteError = 2,

    /// <summary>Root mean squared error (minimized).</summary>
    RootMeanSquaredError = 3,
}
