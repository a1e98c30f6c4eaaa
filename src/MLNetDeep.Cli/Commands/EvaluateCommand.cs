namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;

/// <summary>
/// <c>mlnetdeep evaluate</c>: scores labelled data with a saved ML.NET model (the model's own label preparation and
/// featurization apply) and prints ML.NET's metrics. Works on models from plain ML.NET too (FastTree, SDCA, ...): their
/// task comes from their output columns and their label column from <c>--label</c>.
/// </summary>
internal sealed class EvaluateCommand
{
    private readonly Option<string> _model = new("--model") { Description = "An ML.NET model zip: one written by 'mlnetdeep train' or 'tune', or by plain ML.NET.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Labelled data: a CSV/TSV file with a header, or an IDX prefix.", Required = true, HelpName = "FILE" };
    private readonly Option<string?> _label = new("--label") { Description = "The label column of a model from plain ML.NET (default Label); an MLNetDeep model knows its own.", HelpName = "COLUMN" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (task, metrics) on stdout and nothing else." };

    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("evaluate", "Evaluate a saved model on labelled data.") { _model, _data, _label, _json, _decimalMarker };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string dataPath = r.GetValue(_data)!;
        var ml = new MLContext(seed: 0);
        using SavedModel model = SavedModel.Load(ml, r.GetValue(_model)!, r.GetValue(_label));
        if (!model.IsFeedForward)
        {
            console.Error.WriteLine(model.NotFeedForward($"it is evaluated as an ML.NET {Evaluation.Name(model.Task)} model with label column '{model.LabelColumn}'"));
        }

        Evaluation.Result result = Evaluation.Evaluate(ml, model.Task, model.ScoreLabelled(ml, dataPath, r.GetValue(_decimalMarker), console), model.LabelColumn, model.Classes?.KeyColumnName, console, dataPath);
        if (r.GetValue(_json))
        {
            Evaluation.WriteJson(console.Out, new JsonObject
            {
                ["task"] = Evaluation.Name(model.Task),
                ["metrics"] = result.Metrics,
            });
        }
        else
        {
            Metrics.WriteTable(console.Out, $"Metrics of the {Evaluation.Describe(model.Task)} on {dataPath} ({result.Rows} rows):", result.Metrics);
        }

        return ExitCodes.Success;
    }
}
