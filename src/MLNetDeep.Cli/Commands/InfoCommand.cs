namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy.Trainers;

/// <summary><c>mlnetdeep info</c>: what a saved model is — task, label, input schema, pipeline steps, network, trainer options, metrics and history.</summary>
internal sealed class InfoCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A model file written by 'mlnetdeep train'.", Required = true, HelpName = "MODEL.zip" };
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
        var context = new DeepContext();
        CliModel model = CliModel.Load(context, r.GetValue(_model)!);
        JsonObject m = model.Metadata;
        FeedForwardModelParameters? p = model.Parameters;
        var steps = (model.Manifest["steps"] as JsonArray ?? []).Select(s => s!["kind"]!.GetValue<string>()).ToArray();
        var schema = model.InputSchema.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.ToString() }).ToArray();
        var history = m["history"] as JsonArray ?? [];
        if (r.GetValue(_json))
        {
            Scoring.WriteJson(console.Out, WithTune(m, new JsonObject
            {
                ["task"] = model.Task.ToString().ToLowerInvariant(),
                ["labelColumn"] = model.Label.Column,
                ["labelType"] = m["labelType"]?.DeepClone(),
                ["labelValues"] = m["labelValues"]?.DeepClone(),
                ["positiveLabel"] = m["positiveLabel"]?.DeepClone(),
                ["inputSchema"] = new JsonArray(schema),
                ["featureColumns"] = m["featureColumns"]?.DeepClone(),
                ["pipeline"] = new JsonArray(steps.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                ["network"] = p is null ? null : new JsonObject
                {
                    ["inputs"] = p.FeatureCount,
                    ["outputs"] = p.OutputCount,
                    ["layers"] = new JsonArray(p.Layers.Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
                    ["parameters"] = p.ParameterCount,
                    ["loss"] = p.LossName,
                },
                ["trainerOptionsGiven"] = m["trainerOptionsGiven"]?.DeepClone(),
                ["trainerOptions"] = m["trainerOptions"]?.DeepClone(),
                ["data"] = m["data"]?.DeepClone(),
                ["metrics"] = m["trainingMetrics"]?.DeepClone(),
                ["testMetrics"] = m["testMetrics"]?.DeepClone(),
                ["trainSeconds"] = m["trainSeconds"]?.DeepClone(),
                ["epochs"] = m["epochs"]?.DeepClone(),
                ["bestEpoch"] = m["bestEpoch"]?.DeepClone(),
                ["history"] = history.DeepClone(),
            }));
            return ExitCodes.Success;
        }

        TextWriter o = console.Out;
        o.WriteLine($"Model: {model.Path} ({model.Manifest["library"]}, format version {model.Manifest["formatVersion"]})");
        o.WriteLine($"Task: {Scoring.Describe(model.Task)}; label column '{model.Label.Column}' ({m["labelType"]})");
        if (model.Task == TaskKind.Binary)
        {
            o.WriteLine($"  positive class '{model.Label.Values[1]}', negative class '{model.Label.Values[0]}'");
        }
        else if (model.Task == TaskKind.Multiclass)
        {
            o.WriteLine($"  {model.Label.Values.Length} classes: {string.Join(", ", model.Label.Values)}");
        }

        o.WriteLine("Input schema:");
        foreach (var c in model.InputSchema)
        {
            o.WriteLine($"  {c.Name}: {c.Type}");
        }

        o.WriteLine($"Pipeline: {string.Join(" -> ", steps)}");
        if (p is not null)
        {
            o.WriteLine($"Network: {p.FeatureCount} inputs -> {string.Join(", ", p.Layers)} -> {p.OutputCount} outputs; {p.ParameterCount} parameters; loss {p.LossName}");
        }

        if (m["tune"] is JsonObject tune)
        {
            o.WriteLine($"Tuned: study '{tune["study"]}', trial {tune["trialId"]} ({tune["metric"]} {tune["value"]}), parameters {tune["parameters"]?.ToJsonString()}");
        }

        o.WriteLine($"Trainer options given: {m["trainerOptionsGiven"]?.ToJsonString() ?? "{}"}");
        o.WriteLine("Trainer options:");
        foreach (var (name, value) in m["trainerOptions"] as JsonObject ?? [])
        {
            o.WriteLine($"  {name,-24} {value?.ToJsonString() ?? "null"}");
        }

        if (m["trainingMetrics"] is JsonObject train)
        {
            Metrics.WriteTable(o, $"Training metrics ({m["data"]?["trainRows"]} rows):", train);
        }

        if (m["testMetrics"] is JsonObject test)
        {
            Metrics.WriteTable(o, $"Test metrics ({m["data"]?["testRows"]} rows):", test);
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"History: {m["epochs"]} epochs (best {m["bestEpoch"]}) in {m["trainSeconds"]?.GetValue<double>():F2} s"));
        if (history.Count > 0)
        {
            o.WriteLine($"  first: {Summary(history[0])}");
            o.WriteLine($"  last:  {Summary(history[^1])}");
        }

        return ExitCodes.Success;
    }

    private static string Summary(JsonNode? epoch)
    {
        if (epoch is not JsonObject e)
        {
            return "";
        }

        string s = $"epoch {e["epoch"]}: loss {e["loss"]}, metric {e["metric"]}";
        if (e["validationLoss"] is not null)
        {
            s += $", validation loss {e["validationLoss"]}, validation metric {e["validationMetric"]}";
        }

        return s;
    }

    // A model written by 'tune' also says which study and trial it came from.
    private static JsonObject WithTune(JsonObject metadata, JsonObject json)
    {
        if (metadata["tune"] is JsonObject tune)
        {
            json["tune"] = tune.DeepClone();
        }

        return json;
    }
}
