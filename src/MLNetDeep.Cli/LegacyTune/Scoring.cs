namespace MLNetDeep.Cli.LegacyTune;

using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;

/// <summary>What several commands share: evaluating scored data by task and writing the one JSON object.</summary>
internal static class Scoring
{
    /// <summary>The task's metrics of scored data, under ML.NET's names.</summary>
    public static JsonObject Evaluate(DeepContext context, TaskKind task, IDataView scored, string label) => task switch
    {
        TaskKind.Binary => Metrics.ToJson(context.BinaryClassification.Evaluate(scored, label)),
        TaskKind.Multiclass => Metrics.ToJson(context.MulticlassClassification.Evaluate(scored, label)),
        _ => Metrics.ToJson(context.Regression.Evaluate(scored, label)),
    };

    /// <summary>The name of the per-epoch training metric.</summary>
    public static string EpochMetricName(TaskKind task) => task == TaskKind.Regression ? "mse" : "accuracy";

    /// <summary>How a task is described in sentences.</summary>
    public static string Describe(TaskKind task) => task switch
    {
        TaskKind.Binary => "binary classifier",
        TaskKind.Multiclass => "multiclass classifier",
        _ => "regression model",
    };

    /// <summary>Writes <paramref name="json"/> as one line: the only thing a <c>--json</c> command prints on stdout.</summary>
    public static void WriteJson(TextWriter writer, JsonObject json) =>
        writer.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    /// <summary>The number of rows of <paramref name="data"/> (counting them when unknown).</summary>
    public static long RowCount(IDataView data)
    {
        if (data.GetRowCount() is long n)
        {
            return n;
        }

        using DataViewRowCursor cursor = data.GetRowCursor([]);
        long count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }
}
