namespace MLNetDeep.Cli.Data;

using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Cli.Output;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;

/// <summary>
/// What <c>train</c> (and <c>tune</c>) knew that the model itself does not: the data files and row counts, the columns
/// and their kinds, the flags as typed, the training and test metrics, the training time (and the study for a tuned
/// model). Kept as one extra JSON entry, <see cref="EntryName"/>, in the ML.NET model zip, which ML.NET's own loader
/// ignores; <c>info</c> and <c>report</c> show it when present.
/// </summary>
internal static class RunRecord
{
    /// <summary>The zip entry.</summary>
    public const string EntryName = "MLNetDeep.Cli/run.json";

    /// <summary>The most bytes the entry may declare (it is a few kilobytes).</summary>
    private const long MaximumBytes = 16 << 20;

    /// <summary>The record of a run of <c>train</c> (or <c>tune</c>, which adds <c>tune</c>).</summary>
    /// <param name="task">The task.</param>
    /// <param name="label">The label column.</param>
    /// <param name="columns">The feature columns and kinds, the columns the inference ignored and the normalization (<see cref="Columns"/>).</param>
    /// <param name="files">The data files and row counts (<c>train</c>, <c>trainRows</c>, <c>test</c>, <c>testRows</c>, <c>initialModel</c>).</param>
    /// <param name="given">The trainer flags as typed.</param>
    /// <param name="options">The effective trainer options.</param>
    /// <param name="trainMetrics">Metrics on the training rows.</param>
    /// <param name="testMetrics">Metrics on the test (or validation) rows, or null.</param>
    /// <param name="testName">What the test rows were, or null.</param>
    /// <param name="seconds">The training time.</param>
    public static JsonObject Create(FeedForwardTask task, string label, JsonObject columns, JsonObject files, JsonObject given,
        FeedForwardTrainerOptions options, JsonObject trainMetrics, JsonObject? testMetrics, string? testName, double seconds) => new()
    {
        ["tool"] = "mlnetdeep",
        ["task"] = Evaluation.Name(task),
        ["labelColumn"] = label,
        ["featureColumns"] = columns["featureColumns"]?.DeepClone(),
        ["ignoredColumns"] = columns["ignoredColumns"]?.DeepClone(),
        ["normalize"] = columns["normalize"]?.DeepClone(),
        ["data"] = files,
        ["trainerOptionsGiven"] = given,
        ["trainerOptions"] = TrainerFlags.EffectiveJson(options),
        ["trainingMetrics"] = trainMetrics.DeepClone(),
        ["testMetrics"] = testMetrics?.DeepClone(),
        ["testName"] = testName,
        ["trainSeconds"] = Metrics.Number(seconds),
    };

    /// <summary>The training data's feature columns and kinds, the columns the inference ignored, and whether numeric features are standardized.</summary>
    public static JsonObject Columns(TrainingSet data, bool normalize) => new()
    {
        ["featureColumns"] = new JsonArray(data.Features.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["kind"] = c.Kind.ToString().ToLowerInvariant(),
            ["encoding"] = c.Kind switch
            {
                CsvColumnKind.Numeric => normalize ? "mean-variance" : "none",
                CsvColumnKind.Categorical => "one-hot",
                CsvColumnKind.Date => normalize ? "date-parts, mean-variance" : "date-parts",
                _ => "featurize-text",
            },
        }).ToArray()),
        ["ignoredColumns"] = new JsonArray((data.Train.Inference?.Columns ?? []).Where(c => c.Kind == CsvColumnKind.Ignored)
            .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["reason"] = c.Reason }).ToArray()),
        ["normalize"] = normalize,
    };

    /// <summary>Adds the record to the model zip at <paramref name="zipPath"/>.</summary>
    public static void Append(string zipPath, JsonObject record)
    {
        using ZipArchive zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        zip.GetEntry(EntryName)?.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(EntryName, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(record.ToJsonString());
    }

    /// <summary>The record in the model zip at <paramref name="zipPath"/>, or null when it has none (a model from C# or plain ML.NET).</summary>
    public static JsonObject? Read(string zipPath)
    {
        using ZipArchive zip = ZipFile.OpenRead(zipPath);
        ZipArchiveEntry? entry = zip.GetEntry(EntryName);
        if (entry is null)
        {
            return null;
        }

        if (entry.Length > MaximumBytes)
        {
            throw new InvalidDataException($"{zipPath}: the entry {EntryName} declares {entry.Length} bytes; at most {MaximumBytes} are read.");
        }

        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        try
        {
            return JsonNode.Parse(reader.ReadToEnd()) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{zipPath}: the entry {EntryName} is not valid JSON: {e.Message}", e);
        }
    }
}
