namespace MLNetDeep.Cli.Output;

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;

/// <summary>ML.NET's metrics under their own names, in ML.NET's order, as JSON (NaN and infinities become null) and as text.</summary>
internal static class Metrics
{
    /// <summary>Binary classification metrics; the calibrated ones (a model with a <c>Probability</c> column) add the log-loss family.</summary>
    public static JsonObject ToJson(BinaryClassificationMetrics m)
    {
        JsonObject json = Json(
            ("Accuracy", m.Accuracy),
            ("AreaUnderRocCurve", m.AreaUnderRocCurve),
            ("AreaUnderPrecisionRecallCurve", m.AreaUnderPrecisionRecallCurve),
            ("F1Score", m.F1Score),
            ("PositivePrecision", m.PositivePrecision),
            ("PositiveRecall", m.PositiveRecall),
            ("NegativePrecision", m.NegativePrecision),
            ("NegativeRecall", m.NegativeRecall));
        if (m is CalibratedBinaryClassificationMetrics c)
        {
            json["LogLoss"] = Number(c.LogLoss);
            json["LogLossReduction"] = Number(c.LogLossReduction);
            json["Entropy"] = Number(c.Entropy);
        }

        return json;
    }

    /// <summary>Multiclass classification metrics.</summary>
    /// <remarks>TopKAccuracy is left out when no top-k count was asked for (the evaluator's default).</remarks>
    public static JsonObject ToJson(MulticlassClassificationMetrics m)
    {
        JsonObject json = Json(
            ("MicroAccuracy", m.MicroAccuracy),
            ("MacroAccuracy", m.MacroAccuracy),
            ("LogLoss", m.LogLoss),
            ("LogLossReduction", m.LogLossReduction));
        if (m.TopKPredictionCount > 0)
        {
            json["TopKAccuracy"] = Number(m.TopKAccuracy);
            json["TopKPredictionCount"] = m.TopKPredictionCount;
        }

        return json;
    }

    /// <summary>Regression metrics.</summary>
    public static JsonObject ToJson(RegressionMetrics m) => Json(
        ("MeanAbsoluteError", m.MeanAbsoluteError),
        ("MeanSquaredError", m.MeanSquaredError),
        ("RootMeanSquaredError", m.RootMeanSquaredError),
        ("LossFunction", m.LossFunction),
        ("RSquared", m.RSquared));

    /// <summary>
    /// A finite number as JSON, anything else as null; a float widened to double (a learning rate of 0.001f is
    /// 0.0010000000474974513) as that float's shortest text (0.001), as the training record writes it.
    /// </summary>
    public static JsonNode? Number(double value) => !double.IsFinite(value) ? null
        : JsonValue.Create((float)value == value ? double.Parse(((float)value).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value);

    /// <summary>Writes one metric per line: <c>  Accuracy                 0.9512</c>.</summary>
    public static void WriteTable(TextWriter writer, string title, JsonObject metrics)
    {
        writer.WriteLine(title);
        foreach (var (name, value) in metrics)
        {
            string text = value is null ? "n/a" : value.GetValue<double>().ToString("0.######", CultureInfo.InvariantCulture);
            writer.WriteLine($"  {name,-30} {text}");
        }
    }

    private static JsonObject Json(params (string Name, double Value)[] metrics)
    {
        var json = new JsonObject();
        foreach (var (name, value) in metrics)
        {
            json[name] = Number(value);
        }

        return json;
    }
}
