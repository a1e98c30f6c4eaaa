namespace MLNetDeep.Serving.Server;

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Neural.Training;
using MLNetDeep.Serving.Dynamic;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>What <c>GET /models/{name}</c> answers about a loaded model.</summary>
internal static class ModelDescription
{
    /// <summary>Said of a model that holds no MLNetDeep training record.</summary>
    public const string NoTrainingRecord =
        "This model holds no MLNetDeep training record (it was trained by another ML.NET trainer): an ML.NET model zip does not store " +
        "the trainer's options, its training history or its metrics, so only the input schema, the output columns and the pipeline's steps are shown.";

    public static JsonObject Describe(ReloadingModel<SchemaEngine> model, ModelGeneration<SchemaEngine> generation)
    {
        ModelSnapshot snapshot = generation.Snapshot;
        var inputs = new JsonArray();
        foreach (InputColumn c in generation.Reader.Columns)
        {
            var column = new JsonObject { ["name"] = c.Name, ["type"] = TypeNames.Of(c.Type), ["required"] = c.Required };
            if (c.KeyValues is not null)
            {
                column["keyValues"] = Strings(c.KeyValues);
            }

            inputs.Add(column);
        }

        var outputs = new JsonArray();
        DataViewSchema.Column[] outputColumns = ModelAnswers.Of(snapshot.Transformer, snapshot.InputSchema).Outputs;
        foreach (DataViewSchema.Column c in outputColumns)
        {
            var column = new JsonObject { ["name"] = c.Name, ["type"] = TypeNames.Of(c.Type) };
            if (ColumnAnnotations.SlotNameTexts(c) is { } slots)
            {
                column["slotNames"] = Strings(slots);
            }

            if (c.Type is Microsoft.ML.Data.KeyDataViewType && ColumnAnnotations.KeyValueTexts(c) is { } keys)
            {
                column["keyValues"] = Strings(keys);
            }

            outputs.Add(column);
        }

        var description = new JsonObject
        {
            ["name"] = model.Name,
            ["file"] = Path.GetFileName(snapshot.FilePath),
            ["sha256"] = snapshot.Sha256,
            ["size"] = snapshot.Size,
            ["generation"] = generation.Number,
            ["loadedAt"] = snapshot.LoadedAt.ToString("O", CultureInfo.InvariantCulture),
            ["pipeline"] = Strings(snapshot.Steps),
            ["inputSchema"] = inputs,
            ["outputColumns"] = outputs,
            ["warningsProperty"] = SchemaEngine.WarningsPropertyFor(outputColumns.Select(c => c.Name)),
        };

        if (snapshot.TrainingRecord is { } record)
        {
            description["training"] = Summary(record);
            try
            {
                description["trainingRecord"] = JsonNode.Parse(record.ToJson());
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
                description["trainingRecord"] = null;
                description["notShown"] = $"The model's training record could not be written as JSON: {e.Message}";
            }
        }
        else
        {
            description["training"] = null;
            description["trainingRecord"] = null;
            description["notShown"] = snapshot.TrainingRecordError is null ? NoTrainingRecord : $"The model's training record could not be read: {snapshot.TrainingRecordError}";
        }

        description["failedReloads"] = model.FailedReloads;
        description["lastReloadError"] = model.LastError;
        return description;
    }

    private static JsonObject Summary(FeedForwardModelInfo record)
    {
        var summary = new JsonObject
        {
            ["summary"] = record.ToString(),
            ["task"] = record.Task.ToString(),
            ["metricName"] = record.MetricName,
            ["epochs"] = record.History.Count,
            ["bestEpoch"] = record.BestEpoch,
            ["modelEpoch"] = record.ModelEpoch,
            ["stoppedEarly"] = record.StoppedEarly,
            ["earlierEpochs"] = record.EarlierEpochs,
            ["trainingRows"] = record.TrainingRows,
            ["validationRows"] = record.ValidationRows,
        };
        if (record.History.Count > 0)
        {
            summary["last"] = Epoch(record.History[^1]);
            if (record.History.FirstOrDefault(e => e.Epoch == record.BestEpoch) is { } best)
            {
                summary["best"] = Epoch(best);
            }
        }

        if (record.ClassNames.Count > 0)
        {
            summary["classNames"] = Strings(record.ClassNames);
        }

        return summary;
    }

    private static JsonObject Epoch(EpochRecord e) => new()
    {
        ["epoch"] = e.Epoch,
        ["loss"] = Finite(e.Loss),
        ["metric"] = Finite(e.Metric),
        ["validationLoss"] = e.ValidationLoss is double vl ? Finite(vl) : null,
        ["validationMetric"] = e.ValidationMetric is double vm ? Finite(vm) : null,
    };

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
