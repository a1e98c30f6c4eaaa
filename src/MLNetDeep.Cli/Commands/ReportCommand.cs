namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using Microsoft.ML;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Reporting.Html;

/// <summary>
/// <c>mlnetdeep report</c>: evaluates a saved ML.NET model on labelled data and writes a self-contained HTML report:
/// the metrics, the confusion matrix, the decision boundary when the model reads two numeric features, the training
/// curves and learning rate from the training record the model keeps, the options, the data and the model. A model from
/// plain ML.NET gets the evaluation and a note instead of the training sections.
/// </summary>
internal sealed class ReportCommand
{
    private readonly Option<string> _model = new("--model") { Description = "An ML.NET model zip: one written by 'mlnetdeep train' or 'tune', or by plain ML.NET.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Labelled data to evaluate on: a CSV/TSV file with a header, or an IDX prefix.", Required = true, HelpName = "FILE" };
    private readonly Option<string?> _label = new("--label") { Description = "The label column of a model from plain ML.NET (default Label); an MLNetDeep model knows its own.", HelpName = "COLUMN" };
    private readonly Option<string> _out = new("--out") { Description = "The HTML report to write (replaced only once the new one is complete).", Required = true, HelpName = "REPORT.html" };

    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("report", "Evaluate a saved model on labelled data and write a self-contained HTML report.") { _model, _data, _label, _out, _decimalMarker };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string modelPath = r.GetValue(_model)!;
        string dataPath = r.GetValue(_data)!;
        string outPath = r.GetValue(_out)!;
        OutputPaths.Check(outPath, "--out", "report.html", [modelPath, .. DataFile.FilesOf(dataPath)]);
        var ml = new MLContext(seed: 0);
        using SavedModel model = SavedModel.Load(ml, modelPath, r.GetValue(_label));
        Evaluation.Result result = Evaluation.Evaluate(ml, model.Task, model.ScoreLabelled(ml, dataPath, r.GetValue(_decimalMarker)), model.LabelColumn, model.Classes?.KeyColumnName, console, dataPath);

        ModelView view = model.View;
        var report = new HtmlReport($"mlnetdeep report: {Path.GetFileName(modelPath)} on {Path.GetFileName(dataPath)}",
            $"The {Evaluation.Describe(model.Task)} {modelPath} evaluated on {dataPath}.");
        CliReport.AddEvaluation(report, ml, view, model.Transformer, result, dataPath);
        CliReport.AddTraining(report, ml, model.Transformer, model.InputSchema);
        CliReport.AddOptions(report, view);
        report.AddSection("Data", "data");
        report.AddDataSummary(CliReport.Summarize(dataPath, result.Measured, view));
        CliReport.AddModel(report, view, modelPath);
        CliReport.Save(report, outPath);
        console.Out.WriteLine($"Report on {dataPath} written to {outPath}.");
        return ExitCodes.Success;
    }
}
