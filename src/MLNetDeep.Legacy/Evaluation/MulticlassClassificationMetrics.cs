namespace MLNetDeep.Legacy.Evaluation;

/// <summary>Evaluation results of a multiclass classifier, with ML.NET's names and definitions (log-losses in nats).</summary>
public sealed class MulticlassClassificationMetrics
{
    internal MulticlassClassificationMetrics(double micro, double macro, double logLoss, double logLossReduction, int topK, double topKAccuracy,
        IReadOnlyList<double> topKForAllK, IReadOnlyList<double> perClassLogLoss, ConfusionMatrix confusionMatrix)
    {
        MicroAccuracy = micro;
        MacroAccuracy = macro;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        TopKPredictionCount = topK;
        TopKAccuracy = topKAccuracy;
        TopKAccuracyForAllK = topKForAllK;
        PerClassLogLoss = perClassLogLoss;
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>The fraction of rows predicted correctly.</summary>
    public double MicroAccuracy { get; }

    /// <summary>The mean over classes (present in the labels) of each class's accuracy (recall).</summary>
    public double MacroAccuracy { get; }

    /// <summary>Mean of <c>-ln p(true class)</c>, probabilities clamped below at 1e-15.</summary>
    public double LogLoss { get; }

    /// <summary><c>(prior log-loss - LogLoss) / prior log-loss</c>, the prior predicting each class's frequency.</summary>
    public double LogLossReduction { get; }

    /// <summary>The k of <see cref="TopKAccuracy"/> (0 when not asked for).</summary>
    public int TopKPredictionCount { get; }

    /// <summary>The fraction of rows whose true class is among the k most probable (0 when k is 0).</summary>
    public double TopKAccuracy { get; }

    /// <summary>Top-k accuracy for k = 1..<see cref="TopKPredictionCount"/> (empty when k is 0).</summary>
    public IReadOnlyList<double> TopKAccuracyForAllK { get; }

    /// <summary>The mean log-loss of the rows of each class (0 for a class with no rows).</summary>
    public IReadOnlyList<double> PerClassLogLoss { get; }

    /// <summary>Counts of actual vs predicted class.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }
}
