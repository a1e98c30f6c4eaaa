namespace MLNetDeep.Legacy.Evaluation;

using MLNetDeep.Legacy.Data;

/// <summary>Computes the metrics from scored data (the columns a prediction transformer adds, plus the label).</summary>
internal static class Evaluator
{
    private const double ProbabilityFloor = 1e-15;

    private static DataViewSchema.Column Column(IDataView data, string name, string role, Func<DataViewType, bool> ok, string expected)
    {
        DataViewSchema.Column c = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Evaluate: the {role} column '{name}' is not in the data. Columns: {string.Join(", ", data.Schema.VisibleNames)}.");
        if (!ok(c.Type))
        {
            throw new ArgumentException($"Evaluate: the {role} column '{name}' must be {expected}; found {c.Type}.");
        }

        return c;
    }

    public static BinaryClassificationMetrics Binary(IDataView data, string label, string score, string probability, string predictedLabel)
    {
        var l = Column(data, label, "label", t => t is BooleanDataViewType, "Boolean");
        var s = Column(data, score, "score", t => t == NumberDataViewType.Single, "Single");
        var p = Column(data, probability, "probability", t => t == NumberDataViewType.Single, "Single");
        var pl = Column(data, predictedLabel, "predicted label", t => t is BooleanDataViewType, "Boolean");
        var rows = new List<(bool Label, float Score)>();
        double tp = 0, fp = 0, tn = 0, fn = 0, logLoss = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor([l, s, p, pl]))
        {
            var gl = cursor.GetGetter<bool>(l);
            var gs = cursor.GetGetter<float>(s);
            var gp = cursor.GetGetter<float>(p);
            var gpl = cursor.GetGetter<bool>(pl);
            bool y = false, yhat = false;
            float sv = 0, pv = 0;
            while (cursor.MoveNext())
            {
                gl(ref y);
                gs(ref sv);
                gp(ref pv);
                gpl(ref yhat);
                rows.Add((y, sv));
                if (y)
                {
                    if (yhat) { tp++; } else { fn++; }
                }
                else
                {
                    if (yhat) { fp++; } else { tn++; }
                }

                double prob = Math.Clamp(y ? pv : 1 - pv, ProbabilityFloor, 1 - ProbabilityFloor);
                logLoss -= Math.Log2(prob);
            }
        }

        double n = rows.Count;
        if (n == 0)
        {
            throw new ArgumentException("Evaluate: the data has no rows.");
        }

        logLoss /= n;
        double positives = tp + fn;
        double rate = positives / n;
        double entropy = rate is 0 or 1 ? 0 : -rate * Math.Log2(rate) - (1 - rate) * Math.Log2(1 - rate);
        double precision = Ratio(tp, tp + fp), recall = Ratio(tp, tp + fn);
        var confusion = new ConfusionMatrix([[tp, fn], [fp, tn]], ["positive", "negative"]);
        return new BinaryClassificationMetrics(
            (tp + tn) / n, Auc(rows), AveragePrecision(rows), precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            precision, recall, Ratio(tn, tn + fn), Ratio(tn, tn + fp), logLoss, entropy == 0 ? double.NaN : (entropy - logLoss) / entropy, entropy, confusion);
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    /// <summary>AUC by the rank-sum (Mann-Whitney) statistic, ties given their average rank.</summary>
    internal static double Auc(List<(bool Label, float Score)> rows)
    {
        var sorted = rows.OrderBy(r => r.Score).ToArray();
        double positives = sorted.Count(r => r.Label), negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        double rankSum = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1].Score == sorted[i].Score)
            {
                j++;
            }

            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++)
            {
                if (sorted[t].Label)
                {
                    rankSum += averageRank;
                }
            }

            i = j + 1;
        }

        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Average precision: sum over thresholds (distinct scores, high to low) of (recall step) * precision.</summary>
    internal static double AveragePrecision(List<(bool Label, float Score)> rows)
    {
        var sorted = rows.OrderByDescending(r => r.Score).ToArray();
        double positives = sorted.Count(r => r.Label);
        if (positives == 0)
        {
            return double.NaN;
        }

        double tp = 0, fp = 0, ap = 0, lastRecall = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j].Score == sorted[i].Score)
            {
                if (sorted[j].Label) { tp++; } else { fp++; }
                j++;
            }

            double recall = tp / positives;
            ap += (recall - lastRecall) * (tp / (tp + fp));
            lastRecall = recall;
            i = j;
        }

        return ap;
    }

    public static MulticlassClassificationMetrics Multiclass(IDataView data, string label, string score, string predictedLabel, int topK)
    {
        if (topK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, "topKPredictionCount must be non-negative.");
        }

        var l = Column(data, label, "label", t => t is KeyDataViewType, "a key");
        int k = ((KeyDataViewType)l.Type).Count;
        var s = Column(data, score, "score", t => t is VectorDataViewType v && v.Size == k, $"a vector of {k} Single (one per class)");
        var pl = Column(data, predictedLabel, "predicted label", t => t is KeyDataViewType pk && pk.Count == k, $"a key with {k} values");
        var counts = Enumerable.Range(0, k).Select(_ => new double[k]).ToArray();
        var classLogLoss = new double[k];
        var classRows = new double[k];
        var topHits = new double[Math.Max(topK, 0)];
        double n = 0, logLoss = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor([l, s, pl]))
        {
            var gl = cursor.GetGetter<uint>(l);
            var gs = cursor.GetGetter<float[]>(s);
            var gpl = cursor.GetGetter<uint>(pl);
            uint y = 0, yhat = 0;
            float[] probs = new float[k];
            while (cursor.MoveNext())
            {
                gl(ref y);
                if (y == 0)
                {
                    continue;
                }

                gs(ref probs);
                gpl(ref yhat);
                int actual = (int)y - 1;
                if (yhat >= 1)
                {
                    counts[actual][yhat - 1]++;
                }

                double ll = -Math.Log(Math.Max(probs[actual], ProbabilityFloor));
                logLoss += ll;
                classLogLoss[actual] += ll;
                classRows[actual]++;
                n++;
                if (topK > 0)
                {
                    int rank = 0; // how many classes score above the true one (ties broken by index, as argmax)
                    for (int c = 0; c < k; c++)
                    {
                        if (probs[c] > probs[actual] || (probs[c] == probs[actual] && c < actual))
                        {
                            rank++;
                        }
                    }

                    for (int t = rank; t < topK; t++)
                    {
                        topHits[t]++;
                    }
                }
            }
        }

        if (n == 0)
        {
            throw new ArgumentException("Evaluate: the data has no rows with a label.");
        }

        logLoss /= n;
        double prior = 0, correct = 0, macro = 0;
        int present = 0;
        for (int c = 0; c < k; c++)
        {
            correct += counts[c][c];
            if (classRows[c] > 0)
            {
                double freq = classRows[c] / n;
                prior -= freq * Math.Log(freq);
                macro += counts[c][c] / classRows[c];
                present++;
            }
        }

        string[] names = l.KeyValues?.AsStrings() ?? Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] topAll = topHits.Select(h => h / n).ToArray();
        return new MulticlassClassificationMetrics(
            correct / n, macro / present, logLoss, prior == 0 ? double.NaN : (prior - logLoss) / prior, topK, topK > 0 ? topAll[^1] : 0, topAll,
            classLogLoss.Select((v, c) => classRows[c] == 0 ? 0 : v / classRows[c]).ToArray(), new ConfusionMatrix(counts, names));
    }

    public static RegressionMetrics Regression(IDataView data, string label, string score)
    {
        var l = Column(data, label, "label", t => t == NumberDataViewType.Single, "Single");
        var s = Column(data, score, "score", t => t == NumberDataViewType.Single, "Single");
        double n = 0, abs = 0, sq = 0, sum = 0, sumSq = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor([l, s]))
        {
            var gl = cursor.GetGetter<float>(l);
            var gs = cursor.GetGetter<float>(s);
            float y = 0, yhat = 0;
            while (cursor.MoveNext())
            {
                gl(ref y);
                if (float.IsNaN(y))
                {
                    continue;
                }

                gs(ref yhat);
                double d = (double)y - yhat;
                abs += Math.Abs(d);
                sq += d * d;
                sum += y;
                sumSq += (double)y * y;
                n++;
            }
        }

        if (n == 0)
        {
            throw new ArgumentException("Evaluate: the data has no rows with a label.");
        }

        double ssTot = sumSq - sum * sum / n;
        return new RegressionMetrics(abs / n, sq / n, ssTot <= 0 ? double.NaN : 1 - sq / ssTot);
    }
}
