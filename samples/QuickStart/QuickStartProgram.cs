// The README's "A pipeline in C#" is the code between the markers, verbatim (tests/MLNetDeep.Samples.Tests checks it).
// <readme>
namespace MLNetDeep.Samples.QuickStart;

using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Trainers;
using MLNetDeep.Legacy.Transforms;

/// <summary>The README's first pipeline, on data/spiral-train.csv (300 points on three spiral arms).</summary>
public static class QuickStartProgram
{
    /// <summary>Trains, evaluates, saves, reloads and predicts; prints the metrics.</summary>
    public static QuickStartResult Run(string csv, string modelPath)
    {
        var ctx = new DeepContext(seed: 1);
        IDataView data = ctx.Data.LoadFromTextFile<SpiralPoint>(csv, separatorChar: ',', hasHeader: true);
        var split = ctx.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: "Arm"); // stratified

        var pipeline = ctx.Transforms.Conversion.MapValueToKey("Label", "Arm", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ctx.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ctx.Transforms.NormalizeMeanVariance("Features", fixZero: false))
            .Append(ctx.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
            {
                HiddenLayers = [64, 32], BatchNormalization = true, DropoutRate = 0.1f, BatchSize = 32,
                LearningRate = 0.01f, NumberOfEpochs = 200, EarlyStoppingPatience = 20, ValidationFraction = 0.1f,
            }))
            .Append(ctx.Transforms.Conversion.MapKeyToValue("PredictedArm", "PredictedLabel"));

        ITransformer model = pipeline.Fit(split.TrainSet);
        var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"Test accuracy {metrics.MicroAccuracy:P1}, log loss {metrics.LogLoss:F3}");
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

        ctx.Model.Save(model, data.Schema, modelPath);             // zip: versioned manifest + weights + checksums
        var engine = ctx.Model.CreatePredictionEngine<SpiralPoint, SpiralPrediction>(ctx.Model.Load(modelPath, out _));
        SpiralPrediction p = engine.Predict(new SpiralPoint { X1 = 0.5f, X2 = -0.2f });
        Console.WriteLine($"(0.5, -0.2) is on arm {p.Arm} (probabilities {string.Join(", ", p.Score.Select(s => s.ToString("F2")))})");
        return new QuickStartResult(metrics.MicroAccuracy, metrics.ConfusionMatrix.GetFormattedConfusionTable(), p);
    }
}
// </readme>
