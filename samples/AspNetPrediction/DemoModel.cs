namespace MLNetDeep.Samples.AspNetPrediction;

using Microsoft.ML;
using MLNetDeep.Neural.Datasets;

/// <summary>Trains a small two-moons classifier with ML.NET and MLNetDeep's FeedForward trainer and saves it, so the sample runs from a fresh clone without a model file.</summary>
internal static class DemoModel
{
    public static string TrainTo(string path)
    {
        var ml = new MLContext(seed: 1);
        var s = SyntheticData.Moons(500, 0.2, 1);
        var rows = Enumerable.Range(0, 500).Select(i => new PointInput { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        using var model = (IDisposable)ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FeedForward(hiddenLayers: [16, 8], learningRate: 0.01f, numberOfEpochs: 40, batchSize: 32))
            .Fit(data);
        ml.Model.Save((ITransformer)model, data.Schema, path);
        return path;
    }
}
