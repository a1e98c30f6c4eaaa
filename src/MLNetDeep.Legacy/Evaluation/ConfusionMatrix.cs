namespace MLNetDeep.Legacy.Evaluation;

using System.Globalization;
using System.Text;

/// <summary>
/// Counts of (actual class, predicted class) pairs: <c>Counts[actual][predicted]</c>, with per-class precision and recall
/// (ML.NET's <c>ConfusionMatrix</c>). For binary classification class 0 is "positive" and class 1 "negative", as in ML.NET.
/// </summary>
public sealed class ConfusionMatrix
{
    internal ConfusionMatrix(double[][] counts, IReadOnlyList<string> classNames)
    {
        Counts = counts;
        ClassNames = classNames;
        int k = counts.Length;
        var precision = new double[k];
        var recall = new double[k];
        for (int c = 0; c < k; c++)
        {
            double predicted = 0, actual = 0;
            for (int j = 0; j < k; j++)
            {
                predicted += counts[j][c];
                actual += counts[c][j];
            }

            precision[c] = predicted == 0 ? 0 : counts[c][c] / predicted;
            recall[c] = actual == 0 ? 0 : counts[c][c] / actual;
        }

        PerClassPrecision = precision;
        PerClassRecall = recall;
    }

    /// <summary>The number of classes.</summary>
    public int NumberOfClasses => Counts.Count;

    /// <summary>The class names, in order (key values, or class indices).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary><c>Counts[actual][predicted]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Counts { get; }

    /// <summary>For each class, the fraction of rows predicted as that class that truly are (0 when none is predicted).</summary>
    public IReadOnlyList<double> PerClassPrecision { get; }

    /// <summary>For each class, the fraction of rows of that class predicted as it (0 when the class is absent).</summary>
    public IReadOnlyList<double> PerClassRecall { get; }

    /// <summary>A text table: a row per actual class, a column per predicted class, then recall; a last row of precision.</summary>
    public string GetFormattedConfusionTable()
    {
        int k = NumberOfClasses;
        int width = Math.Max(9, Math.Max(ClassNames.Max(n => n.Length), Counts.SelectMany(r => r).Select(c => c.ToString("0", CultureInfo.InvariantCulture).Length).DefaultIfEmpty(1).Max()) + 1);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Confusion table (rows: actual, columns: predicted){Environment.NewLine}");
        sb.Append(new string(' ', width)).Append(" |");
        foreach (string n in ClassNames)
        {
            sb.Append(n.PadLeft(width));
        }

        sb.Append(" | Recall").AppendLine();
        sb.Append(new string('-', width + 2 + width * k + 9)).AppendLine();
        for (int a = 0; a < k; a++)
        {
            sb.Append(ClassNames[a].PadLeft(width)).Append(" |");
            for (int p = 0; p < k; p++)
            {
                sb.Append(Counts[a][p].ToString("0", CultureInfo.InvariantCulture).PadLeft(width));
            }

            sb.Append(" | ").Append(PerClassRecall[a].ToString("0.0000", CultureInfo.InvariantCulture)).AppendLine();
        }

        sb.Append(new string('-', width + 2 + width * k + 9)).AppendLine();
        sb.Append("Precision".PadLeft(width)).Append(" |");
        foreach (double p in PerClassPrecision)
        {
            sb.Append(p.ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(width));
        }

        return sb.AppendLine().ToString();
    }
}
