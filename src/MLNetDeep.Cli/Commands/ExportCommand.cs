namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using Microsoft.ML;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;

/// <summary>
/// <c>mlnetdeep export</c>: writes the feed-forward network of a saved model as a standalone ONNX file
/// (<c>ml.Model.ExportFeedForwardOnnx</c>), which ONNX Runtime runs from Python, C++ or a phone. The file holds the
/// network only: its input is the feature vector as the model's featurization produces it.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A model zip written by 'mlnetdeep train' or 'tune' (or any ML.NET model with an MLNetDeep network).", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _out = new("--out") { Description = "The ONNX file to write (replaced only once the new one is complete).", Required = true, HelpName = "MODEL.onnx" };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("export", "Write a saved model's network as a standalone ONNX file.") { _model, _out };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string modelPath = r.GetValue(_model)!;
        string outPath = r.GetValue(_out)!;
        OutputPaths.Check(outPath, "--out", "model.onnx", modelPath);
        var ml = new MLContext(seed: 0);
        using SavedModel model = SavedModel.Load(ml, modelPath);
        if (model.Info is not { } info)
        {
            throw CliException.Failure(model.NotFeedForward("there is no network to export"));
        }

        ml.Model.ExportFeedForwardOnnx(model.Transformer, outPath);
        string[] before = model.Steps.TakeWhile(s => s != "OnnxTransformer").ToArray();
        console.Out.WriteLine($"Exported the network of {modelPath} to {outPath}: input '{info.FeatureColumnName}' float [N, {info.FeatureCount}], "
            + $"output 'Score'{(info.Task == FeedForwardTask.BinaryClassification ? " and 'Probability'" : "")} ({Evaluation.Describe(info.Task)}).");
        if (before.Length > 0)
        {
            console.Out.WriteLine($"The steps before the network are not in the file ({string.Join(" -> ", before)}): give it the feature vector they produce.");
        }

        return ExitCodes.Success;
    }
}
