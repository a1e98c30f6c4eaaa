namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.AutoML;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Summary;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Reporting.Charts;
using MLNetDeep.Reporting.Html;

/// <summary>
/// <c>mlnetdeep report</c>: evaluates a saved ML.NET model on labelled data and writes a self-contained HTML report:
/// the metrics, the confusion matrix, the decision boundary when the model reads two numeric features, the training
/// curves and learning rate from the training record the model keeps, the options, the data and the model. A model from
/// plain ML.NET gets the evaluation and a note instead of the training sections. With <c>--study</c>, the sweep report
/// of a stored study instead (what <c>tune --report</c> writes of it), read-only, also while workers run its trials.
/// </summary>
internal sealed class ReportCommand
{
    private readonly Option<string?> _model = new("--model") { Description = "An ML.NET model zip: one written by 'mlnetdeep train' or 'tune', or by plain ML.NET.", HelpName = "MODEL.zip" };
    private readonly Option<string?> _data = new("--data") { Description = "Labelled data to evaluate on: a CSV/TSV file with a header, or an IDX prefix.", HelpName = "FILE" };
    private readonly Option<string?> _label = new("--label") { Description = "The label column of a model from plain ML.NET (default Label); an MLNetDeep model knows its own.", HelpName = "COLUMN" };
    private readonly Option<string?> _out = new("--out") { Description = "The HTML report to write (replaced only once the new one is complete).", HelpName = "REPORT.html" };
    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();
    private readonly Option<string?> _study = new("--study") { Description = "Instead of --model and --data: report on this study of --storage (default 'default' when only --storage is given), read-only.", HelpName = "NAME" };
    private readonly Option<string?> _storage = new("--storage") { Description = "The trial store of --study, as tune's: sqlite:PATH or postgres:CONNECTION.", HelpName = "sqlite:PATH|postgres:CONNECTION" };
    private readonly Option<bool> _json = new("--json") { Description = "With --study: print the study's summary (trial counts, best trial, importance) as one JSON object on stdout; --out is then optional." };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("report", "Evaluate a saved model on labelled data and write a self-contained HTML report (--model, --data, --out), "
            + "or report on a study of a trial store without running it (--study, --storage, and --out or --json).") { _model, _data, _label, _out, _decimalMarker, _study, _storage, _json };
        command.SetAction(r => r.GetValue(_study) is not null || r.GetValue(_storage) is not null ? RunStudy(r, console) : Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        if (r.GetValue(_json))
        {
            throw CliException.Usage("--json: only with --study (a model's report is the HTML of --out).");
        }

        string modelPath = r.GetValue(_model) ?? throw Missing("--model");
        string dataPath = r.GetValue(_data) ?? throw Missing("--data");
        string outPath = r.GetValue(_out) ?? throw Missing("--out");

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

    /// <summary><c>report --study</c>: the study's sweep report and/or summary, from the store alone, which it opens read-only.</summary>
    private int RunStudy(ParseResult r, CliConsole console)
    {
        if (new Option[] { _model, _data, _label, _decimalMarker }.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } other)
        {
            throw CliException.Usage($"{other.Name}: a study's report reads only the store; give --model and --data, or --study and --storage, not both.");
        }

        string name = r.GetValue(_study) ?? "default";
        string storage = (r.GetValue(_storage) ?? throw CliException.Usage($"--study {name}: give the study's --storage, sqlite:PATH or postgres:CONNECTION (tune's default, memory, keeps nothing after its run).")).Trim();
        string? outPath = r.GetValue(_out);
        bool json = r.GetValue(_json);
        if (outPath is null && !json)
        {
            throw CliException.Usage($"--study {name}: give --out REPORT.html, --json or both.");
        }

        string? file = storage.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? storage["sqlite:".Length..].Trim() : null;
        if (outPath is not null)
        {
            OutputPaths.Check(outPath, "--out", "report.html", file is { Length: > 0 } ? [file] : []);
        }

        StoredStudy study;
        try
        {
            study = TuneCommand.OpenStore(storage, name, readOnly: true) is (var store, not null) ? StoredStudy.Read(store, name)! : throw NoStudy(name, storage);
        }
        catch (DbException e)
        {
            throw CliException.Failure($"--storage {TuneCommand.StorageName(storage)}: the trial store cannot be read: {TuneCommand.Scrub(e.Message, storage)}");
        }

        if (outPath is not null)
        {
            StudyDefinition d = study.Definition;
            var report = new HtmlReport($"mlnetdeep report: study '{d.Name}'",
                $"Study '{d.Name}' of {TuneCommand.StorageName(storage)}: {d.Metric} ({d.Direction}){(d.Tuner is null ? "" : $", tuner {d.Tuner}")}{(d.Seed is int seed ? string.Create(CultureInfo.InvariantCulture, $", seed {seed}") : "")}; read {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
            SweepReport.Add(report, study.History);
            AddCurves(report, study);
            CliReport.Save(report, outPath);
        }

        if (json)
        {
            Evaluation.WriteJson(console.Out, Summary(study));
        }
        else
        {
            console.Out.WriteLine($"Report on study '{name}' ({study.Trials.Count} trials) written to {outPath}.");
        }

        return ExitCodes.Success;
    }

    /// <summary>The best trial's parameters and the per-epoch loss the store keeps of it and of each running trial (so far).</summary>
    private static void AddCurves(HtmlReport report, StoredStudy study)
    {
        TrialRecord? best = study.Summary.Ranked.FirstOrDefault();
        foreach (TrialRecord t in study.Trials.Where(t => t == best || t.Status == TrialStatus.Running))
        {
            report.AddSection(t == best ? "Best trial" : $"Trial {t.TrialId}, running", t == best ? "best" : $"running-{t.TrialId}");
            report.AddParagraph(t == best
                ? string.Create(CultureInfo.InvariantCulture, $"Trial {t.TrialId} (seed {t.Seed}, worker {t.WorkerId}): {study.Definition.Metric} {t.Metric:0.####}.")
                : string.Create(CultureInfo.InvariantCulture, $"Trial {t.TrialId} (seed {t.Seed}) runs on worker {t.WorkerId}, attempt {t.Attempts}: {t.Curve.Count} epochs so far, last heard from {t.HeartbeatAt:yyyy-MM-dd HH:mm:ss} UTC."));
            if (t == best)
            {
                // A running trial's parameters are in the sweep section's table of running trials.
                CliReport.AddJson(report, JsonNode.Parse(t.ParametersJson)!.AsObject(), $"Parameters of trial {t.TrialId}", "best-parameters");
            }

            if (t.Curve.Count > 0)
            {
                report.AddChart(TrainingCharts.Loss(t.Curve), $"Loss per epoch of trial {t.TrialId}, as its worker reported it.");
            }
        }
    }

    /// <summary>tune --json's object for a stored study, with the count of each status; best is null until a trial completes.</summary>
    private static JsonObject Summary(StoredStudy study)
    {
        StudySummary s = study.Summary;
        int Count(TrialStatus status) => study.Trials.Count(t => t.Status == status);
        return new JsonObject
        {
            ["study"] = study.Definition.Name,
            ["trials"] = study.Trials.Count,
            ["status"] = new JsonObject { ["completed"] = s.Completed, ["pruned"] = s.Pruned, ["failed"] = s.Failed, ["running"] = Count(TrialStatus.Running), ["queued"] = Count(TrialStatus.Queued) },
            ["best"] = s.Ranked.FirstOrDefault() is { } best
                ? new JsonObject
                {
                    ["trialId"] = best.TrialId,
                    ["parameters"] = JsonNode.Parse(best.ParametersJson),
                    ["metrics"] = new JsonObject { [study.Definition.Metric] = Metrics.Number(best.Metric ?? double.NaN) },
                }
                : null,
            ["importance"] = TuneCommand.ImportanceJson(s),
        };
    }

    private static CliException NoStudy(string name, string storage) =>
        CliException.Failure($"--study {name}: there is no study '{name}' in --storage {TuneCommand.StorageName(storage)}.");

    /// <summary>A required option left out, said as the parser says it.</summary>
    private static CliException Missing(string option) => CliException.Usage($"Option '{option}' is required. (see 'mlnetdeep report --help')");
}
