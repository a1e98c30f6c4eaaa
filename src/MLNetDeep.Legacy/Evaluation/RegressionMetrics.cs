namespace MLNetDeep.Legacy.Evaluation;

/// <summary>Evaluation results of a regression model, with ML.NET's names.</summary>
public sealed class RegressionMetrics
{
    internal RegressionMetrics(double mae, double mse, double r2)
    {
        MeanAbsoluteError = mae;
        MeanSquaredError = mse;
        RSquared = r2;
    }

    /// <summary>Mean of |label - score|.</summary>
    public double MeanAbsoluteError { get; }

    /// <summary>Mean of (label - score)^2.</summary>
    public double MeanSquaredError { get; }

    /// <summary>Square root of <see cref="MeanSquaredError"/>.</summary>
    public double RootMeanSquaredError => Math.Sqrt(MeanSquaredError);

    /// <summary>The mean loss (squared loss, ML.NET's default), equal to <see cref="MeanSquaredError"/>.</summary>
    public double LossFunction => MeanSquaredError;

    /// <summary>Coefficient of determination <c>1 - SS_res / SS_tot</c> (NaN when the labels are constant).</summary>
    public double RSquared { get; }
}
