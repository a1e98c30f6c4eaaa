namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Neural.Training;

/// <summary>
/// <c>mlnetdeep info</c>: what a saved ML.NET model is — task, label and classes, input schema, pipeline steps, and for
/// an MLNetDeep model its network, trainer options, history and (from the run record) data, flags and metrics. A model
/// from plain ML.NET shows what ML.NET's schema tells, and says what it cannot show.
/// </summary>
internal sealed class InfoCommand
{
    private readonly Option<string> _model = new("--model") { Description = "An ML.NET model zip: one written by 'mlnetdeep train' or 'tune', or by plain ML.NET.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object on stdout and nothing else." };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("info", "Describe a saved model.") { _model, _json };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        var ml = new MLContext(seed: 0);
        using SavedModel model = SavedModel.Load(ml, r.GetValue(_model)!);
        if (r.GetValue(_json))
        {
            Evaluation.WriteJson(console.Out, Json(model));
        }
        else
        {
            WriteText(console.Out, model);
        }

        return ExitCodes.Success;
    }

    private static JsonObject Json(SavedModel model)
    {
        FeedForwardModelInfo? info = model.Info;
        JsonObject? run = model.Run;
        var json = new JsonObject
        {
            ["task"] = Evaluation.Name(model.Task),
            ["feedForward"] = model.IsFeedForward,
            ["labelColumn"] = model.LabelSource is null ? null : model.LabelColumn,
            ["labelType"] = model.InputSchema.GetColumnOrNull(model.LabelColumn)?.Type.ToString(),
            ["labelValues"] = model.Classes is { } c ? new JsonArray(c.Values.Select(v => (JsonNode?)v).ToArray()) : null,
            ["positiveLabel"] = model.Classes?.Positive,
            ["inputSchema"] = new JsonArray(model.InputSchema.Where(c => !c.IsHidden)
                .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.ToString() }).ToArray()),
            ["featureColumns"] = run?["featureColumns"]?.DeepClone(),
            ["pipeline"] = new JsonArray(model.Steps.Select(s => (JsonNode?)s).ToArray()),
            ["network"] = info is null ? null : new JsonObject
            {
                ["inputs"] = info.FeatureCount,
                ["outputs"] = info.OutputCount,
                ["layers"] = new JsonArray(info.Layers.Select(l => (JsonNode?)l).ToArray()),
                ["parameters"] = info.ParameterCount,
                ["loss"] = info.LossName,
                ["backend"] = info.Backend,
                ["libraryVersion"] = info.LibraryVersion,
            },
            ["trainerOptionsGiven"] = run?["trainerOptionsGiven"]?.DeepClone(),
            ["trainerOptions"] = run?["trainerOptions"]?.DeepClone()
                ?? (info is null ? null : OptionsJson(info.Options)),
            ["classWeights"] = model.View.ClassWeights,
            ["data"] = run?["data"]?.DeepClone(),
            ["metrics"] = run?["trainingMetrics"]?.DeepClone(),
            ["testMetrics"] = run?["testMetrics"]?.DeepClone(),
            ["trainSeconds"] = run?["trainSeconds"]?.DeepClone(),
            ["epochs"] = info?.History.Count,
            ["bestEpoch"] = info?.BestEpoch,
            ["modelEpoch"] = info?.ModelEpoch,
            ["stoppedEarly"] = info?.StoppedEarly,
            ["history"] = info is null ? null : HistoryJson(info.History),
            ["earlierEpochs"] = info?.EarlierEpochs,
            ["earlierRuns"] = info is null ? null : new JsonArray(info.EarlierRuns.Select(e => (JsonNode)new JsonObject
            {
                ["modelEpoch"] = e.ModelEpoch,
                ["changedOptions"] = OptionsJson(e.ChangedOptions),
                ["classWeights"] = model.View.Weights(e.ClassWeights),
                ["history"] = HistoryJson(e.History),
            }).ToArray()),
        };
        if (run?["tune"] is JsonObject tune)
        {
            json["tune"] = tune.DeepClone();
        }

        return json;
    }

    /// <summary>Trainer options as <c>train --json</c> writes them: an unset one (empty in the record) is null.</summary>
    private static JsonObject OptionsJson(IReadOnlyDictionary<string, string> options) =>
        new(options.Select(o => KeyValuePair.Create(o.Key, o.Value.Length == 0 ? null : (JsonNode?)o.Value)));

    /// <summary>An option's value in the text, <c>(unset)</c> when the record has it empty.</summary>
    private static string Shown(string value) => value.Length == 0 ? ModelView.Unset : value;

    private static void WriteText(TextWriter o, SavedModel model)
    {
        FeedForwardModelInfo? info = model.Info;
        JsonObject? run = model.Run;
        o.WriteLine(info is null
            ? $"Model: {model.Path} (an ML.NET model without an MLNetDeep network)"
            : $"Model: {model.Path} (ML.NET model zip; network trained by MLNetDeep {info.LibraryVersion}, {info.Backend} engine)");
        o.WriteLine($"Task: {Evaluation.Describe(model.Task)}{(info is null ? " (read from its output columns)" : "")}; {(model.LabelSource is { } source
            ? $"label column '{model.LabelColumn}'{source}" : "label column not recorded (an ML.NET model zip does not keep it; ML.NET's trainers default to 'Label', and evaluate and report take --label)")}");
        if (model.Classes is { } classes)
        {
            o.WriteLine(classes.Task == FeedForwardTask.BinaryClassification
                ? $"  positive class '{classes.Positive}', negative class '{classes.Negative}'"
                : $"  {classes.Values.Count} classes: {string.Join(", ", classes.Values)}");
        }

        o.WriteLine("Input schema:");
        foreach (var c in model.InputSchema.Where(c => !c.IsHidden))
        {
            o.WriteLine($"  {c.Name}: {c.Type}");
        }

        o.WriteLine($"The prediction reads: {string.Join(", ", model.FeatureColumns)}");
        o.WriteLine($"Pipeline: {string.Join(" -> ", model.Steps)}");
        if (info is null)
        {
            o.WriteLine(model.NotFeedForward("there is no network, trainer options or training history to show; evaluate, predict and report still work on it"));
            return;
        }

        o.WriteLine($"Network: {info.FeatureCount} inputs -> {string.Join(", ", info.Layers)} -> {info.OutputCount} outputs; {info.ParameterCount} parameters; loss {info.LossName}");
        if (run?["tune"] is JsonObject tune)
        {
            o.WriteLine($"Tuned: study '{tune["study"]}', trial {tune["trialId"]} ({tune["metric"]} {tune["value"]}), parameters {tune["parameters"]?.ToJsonString()}");
        }

        if (run?["data"]?["initialModel"] is JsonValue initial)
        {
            o.WriteLine($"Continued from: {initial} (train --initial-model: its network's weights were the starting point, its featurization reused)");
        }

        if (run?["trainerOptionsGiven"] is JsonObject given)
        {
            o.WriteLine($"Trainer options given: {given.ToJsonString()}");
        }

        o.WriteLine("Trainer options:");
        foreach (var (name, value) in info.Options)
        {
            o.WriteLine($"  {name,-24} {Shown(value)}");
        }

        if (model.View.ClassWeightsText is { } weights)
        {
            o.WriteLine($"  {"ClassWeights resolved",-24} {weights}");
        }

        if (run?["trainingMetrics"] is JsonObject train)
        {
            Metrics.WriteTable(o, $"Training metrics ({run["data"]?["trainRows"]} rows):", train);
        }

        if (run?["testMetrics"] is JsonObject test)
        {
            Metrics.WriteTable(o, $"Test metrics ({run["data"]?["testRows"]} rows):", test);
        }

        string seconds = run?["trainSeconds"] is JsonValue s && s.TryGetValue(out double t) ? string.Create(CultureInfo.InvariantCulture, $" ({t:F2} s)") : "";
        o.WriteLine($"History{seconds}: {info.DescribeEpochs()}");
        if (info.EarlierRuns.Count > 0)
        {
            o.WriteLine($"  continued after {info.DescribeEarlierRuns()} (this run: epochs {info.EarlierEpochs + 1}-{info.EarlierEpochs + info.History.Count} on that axis)");
            foreach (FeedForwardEarlierRun e in info.EarlierRuns)
            {
                string changed = e.ChangedOptions.Count == 0 ? "the same options" : string.Join(", ", e.ChangedOptions.Select(c => $"{c.Key} {Shown(c.Value)}"));
                string resolved = model.View.WeightsText(e.ClassWeights) is { } w ? $"; ClassWeights resolved {w}" : "";
                o.WriteLine($"  earlier run: epochs {e.History[0].Epoch}-{e.History[^1].Epoch} (the next run started from epoch {e.ModelEpoch}'s weights); {changed}{resolved}");
            }
        }

        if (info.History.Count > 0)
        {
            o.WriteLine($"  first: {Summary(info.History[0])}");
            o.WriteLine($"  last:  {Summary(info.History[^1])}");
        }
    }

    private static JsonArray HistoryJson(IEnumerable<EpochRecord> history) => new(history.Select(h => (JsonNode)new JsonObject
    {
        ["epoch"] = h.Epoch,
        ["loss"] = Metrics.Number(h.Loss),
        ["metric"] = Metrics.Number(h.Metric),
        ["validationLoss"] = h.ValidationLoss is double vl ? Metrics.Number(vl) : null,
        ["validationMetric"] = h.ValidationMetric is double vm ? Metrics.Number(vm) : null,
        ["learningRate"] = Metrics.Number(h.LearningRate),
    }).ToArray());

    private static string Summary(EpochRecord e)
    {
        string s = string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch}: loss {e.Loss:G6}, metric {e.Metric:G6}");
        if (e.ValidationLoss is double vl)
        {
            s += string.Create(CultureInfo.InvariantCulture, $", validation loss {vl:G6}, validation metric {e.ValidationMetric:G6}");
        }

        return s;
    }
}
