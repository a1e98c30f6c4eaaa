namespace MLNetDeep.Cli.LegacyTune;

using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Evaluation;

/// <summary>Metrics under their ML.NET names, in ML.NET's order, as JSON (NaN and infinities become null) and as text.</summary>
internal static class Metrics
{
    /// <summary>Binary classification metrics.</summary>
    public static JsonObject ToJson(BinaryClassificationMetrics m) => Json(
        ("Accuracy", m.Accuracy),
        ("AreaUnderRocCurve", m.AreaUnderRocCurve),
        ("AreaUnderPrecisionRecallCurve", m.AreaUnderPrecisionRecallCurve),
        ("F1Score", m.F1Score),
        ("PositivePrecision", m.PositivePrecision),
        ("PositiveRecall", m.PositiveRecall),
        ("NegativePrecision", m.NegativePrecision),
        ("NegativeRecall", m.NegativeRecall),
        ("LogLoss", m.LogLoss),
        ("LogLossReduction", m.LogLossReduction),
        ("Entropy", m.Entropy));

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

    /// <summary>A finite number as JSON, anything else as null.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

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
