namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy.Data;

/// <summary><c>mlnetdeep evaluate</c>: scores labelled data with a saved model (same label mapping, same pipeline) and prints the metrics.</summary>
internal sealed class EvaluateCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A model file written by 'mlnetdeep train'.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Labelled data: a CSV/TSV file with a header, or an IDX prefix.", Required = true, HelpName = "FILE" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object (task, metrics) on stdout and nothing else." };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("evaluate", "Evaluate a saved model on labelled data.") { _model, _data, _json };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string dataPath = r.GetValue(_data)!;
        var context = new DeepContext();
        CliModel model = CliModel.Load(context, r.GetValue(_model)!);
        InputData input = InputData.Load(context, dataPath, model.ColumnTypes(withLabel: true));
        model.CheckFeatures(input.View, dataPath);
        IDataView data = model.Label.Apply(input.View, dataPath, out int dropped);
        if (dropped > 0)
        {
            console.Error.WriteLine($"{dataPath}: skipped {dropped} rows with a missing label");
        }

        long rows = Scoring.RowCount(data);
        if (rows == 0)
        {
            throw new InvalidDataException($"{dataPath} has no labelled rows to evaluate on.");
        }

        JsonObject metrics = Scoring.Evaluate(context, model.Task, model.Transformer.Transform(data), model.Label.Column);
        if (r.GetValue(_json))
        {
            Scoring.WriteJson(console.Out, new JsonObject
            {
                ["task"] = model.Task.ToString().ToLowerInvariant(),
                ["metrics"] = metrics,
            });
        }
        else
        {
            Metrics.WriteTable(console.Out, $"Metrics of the {Scoring.Describe(model.Task)} on {dataPath} ({rows} rows):", metrics);
        }

        return ExitCodes.Success;
    }
}
