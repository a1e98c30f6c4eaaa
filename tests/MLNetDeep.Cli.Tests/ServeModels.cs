namespace MLNetDeep.Cli.Tests;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// ML.NET model zips for the serve tests, made the way <c>mlnetdeep train</c> makes them from <see cref="TestData.Binary"/>:
/// ML.NET's text loader, one-hot for the text column, normalization, MLNetDeep's FeedForward trainer.
/// </summary>
internal static class ServeModels
{
    /// <summary>Trains on the binary CSV in <paramref name="folder"/> and saves the model as <paramref name="name"/>; returns its path.</summary>
    public static string SaveWeather(string folder, string name = "weather.zip")
    {
        string csv = TestData.Binary(folder);
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader(
            [new TextLoader.Column("x1", DataKind.Single, 0), new TextLoader.Column("x2", DataKind.Single, 1), new TextLoader.Column("color", DataKind.String, 2), new TextLoader.Column("Label", DataKind.Boolean, 3)],
            separatorChar: ',', hasHeader: true);
        var data = loader.Load(csv);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("colorKey", "color")
            .Append(ml.Transforms.Concatenate("Features", "x1", "x2", "colorKey"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 3, batchSize: 32));
        string path = Path.Combine(folder, name);
        using var model = (IDisposable)pipeline.Fit(data);
        ml.Model.Save((Microsoft.ML.ITransformer)model, data.Schema, path);
        return path;
    }
}
