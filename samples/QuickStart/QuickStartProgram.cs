// The README's "A pipeline in C#" is the code between the markers, verbatim (tests/MLNetDeep.Samples.Tests checks it).
// <readme>
namespace MLNetDeep.Samples.QuickStart;

using Microsoft.ML;
using Microsoft.ML.Transforms;
using MLNetDeep;
using MLNetDeep.Trainers;

/// <summary>The README's first pipeline, on data/spiral-train.csv (300 points on three spiral arms).</summary>
public static class QuickStartProgram
{
    /// <summary>Trains, evaluates, saves, reloads and predicts; prints the metrics.</summary>
    public static QuickStartResult Run(string csv, string modelPath)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromTextFile<SpiralPoint>(csv, separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Arm", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options
            {
                HiddenLayers = [64, 32], BatchNormalization = true, DropoutRate = 0.1f, BatchSize = 32,
                LearningRate = 0.01f, NumberOfEpochs = 200, EarlyStoppingPatience = 20, ValidationFraction = 0.1f,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedArm", "PredictedLabel"));

        ITransformer model = pipeline.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"Test accuracy {metrics.MicroAccuracy:P1}, log loss {metrics.LogLoss:F3}");
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

        ml.Model.Save(model, data.Schema, modelPath);             // an ordinary ML.NET model zip (the network inside as ONNX)
        using var loaded = (IDisposable)ml.Model.Load(modelPath, out _);
        var engine = ml.Model.CreatePredictionEngine<SpiralPoint, SpiralPrediction>((ITransformer)loaded);
        SpiralPrediction p = engine.Predict(new SpiralPoint { X1 = 0.5f, X2 = -0.2f });
        Console.WriteLine($"(0.5, -0.2) is on arm {p.Arm} (probabilities {string.Join(", ", p.Score.Select(s => s.ToString("F2")))})");
        Console.WriteLine(ml.Model.GetFeedForwardInfo(model));    // the training record: task, layers, epochs
        return new QuickStartResult(metrics.MicroAccuracy, metrics.ConfusionMatrix.GetFormattedConfusionTable(), p);
    }
}
// </readme>
