namespace MLNetDeep.Legacy.Evaluation;

/// <summary>Evaluation results of a binary classifier, with ML.NET's names and definitions.</summary>
public sealed class BinaryClassificationMetrics
{
    internal BinaryClassificationMetrics(double accuracy, double auc, double auprc, double f1, double positivePrecision, double positiveRecall,
        double negativePrecision, double negativeRecall, double logLoss, double logLossReduction, double entropy, ConfusionMatrix confusionMatrix)
    {
        Accuracy = accuracy;
        AreaUnderRocCurve = auc;
        AreaUnderPrecisionRecallCurve = auprc;
        F1Score = f1;
        PositivePrecision = positivePrecision;
        PositiveRecall = positiveRecall;
        NegativePrecision = negativePrecision;
        NegativeRecall = negativeRecall;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        Entropy = entropy;
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>The fraction of rows predicted correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Area under the ROC curve (the probability a random positive scores above a random negative; ties count half). NaN when one class is absent.</summary>
    public double AreaUnderRocCurve { get; }

    /// <summary>Area under the precision-recall curve, as average precision (scikit-learn's <c>average_precision_score</c>). NaN without positives.</summary>
    public double AreaUnderPrecisionRecallCurve { get; }

    /// <summary>Harmonic mean of positive precision and recall.</summary>
    public double F1Score { get; }

    /// <summary>TP / (TP + FP).</summary>
    public double PositivePrecision { get; }

    /// <summary>TP / (TP + FN).</summary>
    public double PositiveRecall { get; }

    /// <summary>TN / (TN + FN).</summary>
    public double NegativePrecision { get; }

    /// <summary>TN / (TN + FP).</summary>
    public double NegativeRecall { get; }

    /// <summary>Mean of <c>-log2 p(true label)</c> with probabilities clamped to [1e-15, 1 - 1e-15] (ML.NET uses base 2 for binary).</summary>
    public double LogLoss { get; }

    /// <summary><c>(Entropy - LogLoss) / Entropy</c>: how much better than predicting the base rate (1 is perfect, 0 no better, negative worse).</summary>
    public double LogLossReduction { get; }

    /// <summary>The log-loss of always predicting the positive rate p: <c>-p log2 p - (1 - p) log2 (1 - p)</c>.</summary>
    public double Entropy { get; }

    /// <summary>Counts with class 0 = positive (true), class 1 = negative (false), as ML.NET orders them.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }
}
