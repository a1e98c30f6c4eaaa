namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Reporting.Html;

/// <summary>
/// <c>mlnetdeep report</c>: evaluates a saved model on labelled data and writes a self-contained HTML report: the
/// metrics, the confusion matrix, the decision boundary when the model reads two numeric features, the training curves
/// and learning rate from the history the model file keeps, the options, the data and the model.
/// </summary>
internal sealed class ReportCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A model file written by 'mlnetdeep train' or 'mlnetdeep tune'.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Labelled data to evaluate on: a CSV/TSV file with a header, or an IDX prefix.", Required = true, HelpName = "FILE" };
    private readonly Option<string> _out = new("--out") { Description = "The HTML report to write (replaced only once the new one is complete).", Required = true, HelpName = "REPORT.html" };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("report", "Evaluate a saved model on labelled data and write a self-contained HTML report.") { _model, _data, _out };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string modelPath = r.GetValue(_model)!;
        string dataPath = r.GetValue(_data)!;
        string outPath = r.GetValue(_out)!;
        ModelReport.CheckPath(outPath, "--out", modelPath, dataPath);
        var context = new DeepContext();
        CliModel model = CliModel.Load(context, modelPath);
        InputData input = InputData.Load(context, dataPath, model.ColumnTypes(withLabel: true));
        model.CheckFeatures(input.View, dataPath);
        IDataView data = model.Label.Apply(input.View, dataPath, out int dropped);
        if (dropped > 0)
        {
            console.Error.WriteLine($"{dataPath}: skipped {dropped} rows with a missing label");
        }

        if (Scoring.RowCount(data) == 0)
        {
            throw new InvalidDataException($"{dataPath} has no labelled rows to evaluate on.");
        }

        var report = new HtmlReport($"mlnetdeep report: {Path.GetFileName(modelPath)} on {Path.GetFileName(dataPath)}",
            $"The {Scoring.Describe(model.Task)} {modelPath} evaluated on {dataPath}.");
        ModelReport.AddEvaluation(report, context, model.Label, model.Transformer, model.InputSchema, data, dataPath);
        ModelReport.AddTraining(report, model.Parameters, model.Metadata, model.Task);
        ModelReport.AddOptions(report, model.Metadata);
        report.AddSection("Data", "data");
        report.AddDataSummary(ModelReport.Summarize(dataPath, data, model.Label));
        ModelReport.AddModel(report, model.Label, model.Parameters, model.Metadata, modelPath);
        ModelReport.Save(report, outPath);
        console.Out.WriteLine($"Report on {dataPath} written to {outPath}.");
        return ExitCodes.Success;
    }
}
