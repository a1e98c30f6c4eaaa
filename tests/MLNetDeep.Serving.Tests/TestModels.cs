namespace MLNetDeep.Serving.Tests;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Neural.Datasets;

/// <summary>Tiny models trained in a blink, and the row types they read and write.</summary>
internal static class TestModels
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    public sealed class VectorPoint
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Prediction
    {
        [ColumnName("PredictedLabel")]
        public bool PredictedLabel { get; set; }

        public float Probability { get; set; }

        public float Score { get; set; }
    }

    public sealed class ClassPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        [KeyType(3)]
        public uint Label { get; set; }
    }

    public static Point[] Moons(int n, long seed)
    {
        var s = SyntheticData.Moons(n, 0.2, seed);
        return Enumerable.Range(0, n).Select(i => new Point { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray();
    }

    /// <summary>A binary model over columns X1, X2 (Concatenate into Features); different seeds give different answers.</summary>
    public static ITransformer TrainPoint(int seed, out DataViewSchema schema)
    {
        var ctx = new DeepContext(seed);
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(200, seed));
        schema = data.Schema;
        return ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 3)).Fit(data);
    }

    /// <summary>Trains <see cref="TrainPoint"/> and saves it (with training metrics as manifest metadata) to <paramref name="path"/>.</summary>
    public static ITransformer SavePoint(int seed, string path)
    {
        ITransformer model = TrainPoint(seed, out DataViewSchema schema);
        ModelFile.Save(model, schema, path, new JsonObject { ["trainingMetrics"] = new JsonObject { ["accuracy"] = 0.9, ["seed"] = seed } });
        return model;
    }

    /// <summary>A binary model over a 2-slot vector column Features.</summary>
    public static void SaveVector(int seed, string path)
    {
        var ctx = new DeepContext(seed);
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(200, seed).Select(p => new VectorPoint { Features = [p.X1, p.X2], Label = p.Label }));
        ITransformer model = ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 3).Fit(data);
        ctx.Model.Save(model, data.Schema, path);
    }

    /// <summary>A multiclass model over X1, X2 with a 3-class key label (no key values: predictions are key numbers).</summary>
    public static void SaveMulticlass(int seed, string path)
    {
        var ctx = new DeepContext(seed);
        var s = SyntheticData.Blobs(150, 3, 1.0, seed: 4);
        var rows = Enumerable.Range(0, 150).Select(i => new ClassPoint { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = (uint)s.Targets[i] + 1 }).ToArray();
        IDataView data = ctx.Data.LoadFromEnumerable(rows);
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.MulticlassClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 5)).Fit(data);
        ctx.Model.Save(model, data.Schema, path);
    }

    /// <summary>Writes <paramref name="write"/>'s file next to <paramref name="path"/> and renames it over it (as deployment tools do).</summary>
    public static void ReplaceAtomically(string path, Action<string> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, "incoming-" + Guid.NewGuid().ToString("N") + ".tmp");
        write(temp);
        File.Move(temp, path, overwrite: true);
    }
}
