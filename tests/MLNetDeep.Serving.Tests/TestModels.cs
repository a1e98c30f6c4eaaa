namespace MLNetDeep.Serving.Tests;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Trainers;

/// <summary>Tiny ML.NET models trained in a blink (MLNetDeep's FeedForward and, for a foreign model, FastTree), and the row types they read and write.</summary>
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

        public string Class { get; set; } = "";
    }

    /// <summary>The three class names, in key order (the label is keyed by value, so sorted).</summary>
    public static readonly string[] ClassNames = ["east", "north", "west"];

    public static Point[] Moons(int n, long seed)
    {
        var s = SyntheticData.Moons(n, 0.2, seed);
        return Enumerable.Range(0, n).Select(i => new Point { X1 = s.Features[2 * i], X2 = s.Features[2 * i + 1], Label = s.Targets[i] == 1 }).ToArray();
    }

    /// <summary>A binary FeedForward model over columns X1, X2 (Concatenate into Features); different seeds give different answers.</summary>
    public static ITransformer TrainPoint(int seed, out DataViewSchema schema)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(200, seed));
        schema = data.Schema;
        return ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, BatchSize = 32, Seed = seed }))
            .Fit(data);
    }

    /// <summary>Trains <see cref="TrainPoint"/> and saves it to <paramref name="path"/>; the fitted model is disposed.</summary>
    public static void SavePoint(int seed, string path)
    {
        using var model = (IDisposable)TrainPoint(seed, out DataViewSchema schema);
        new MLContext().Model.Save((ITransformer)model, schema, path);
    }

    /// <summary>A binary FeedForward model over a 2-slot vector column Features.</summary>
    public static void SaveVector(int seed, string path)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(200, seed).Select(p => new VectorPoint { Features = [p.X1, p.X2], Label = p.Label }));
        using var model = (IDisposable)ml.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 3, batchSize: 32).Fit(data);
        ml.Model.Save((ITransformer)model, data.Schema, path);
    }

    /// <summary>
    /// A multiclass FeedForward model over X1, X2 whose label is a key made from the text column Class (fitted apart, as
    /// ML.NET's samples do, so the saved model needs only the features); its PredictedLabel carries the class names.
    /// </summary>
    public static void SaveMulticlass(int seed, string path) =>
        SaveKeyedMulticlass(seed, path, "Class", (i, x1, x2) => new ClassPoint { X1 = x1, X2 = x2, Class = ClassNames[i % 3] });

    /// <summary>The classes of <see cref="SaveDatedMulticlass"/>, in key order: dates, one with a fraction of a second.</summary>
    public static readonly DateTime[] ClassDates = [new(2026, 1, 1), new(2026, 6, 30, 12, 0, 0), new DateTime(2026, 12, 7, 19, 30, 15).AddMilliseconds(250)];

    /// <summary>
    /// A multiclass FeedForward model over X1, X2 whose classes are dates (the label is a key made from a DateTime column),
    /// saved with the keyed data's schema so its input also has the DateTime-valued key column Label.
    /// </summary>
    public static void SaveDatedMulticlass(int seed, string path) =>
        SaveKeyedMulticlass(seed, path, "When", (i, x1, x2) => new DatedPoint { X1 = x1, X2 = x2, When = ClassDates[i % 3] });

    // 150 rows in three blobs along X1 (row i in class i % 3), the label keyed by value from classColumn, saved with the keyed data's schema.
    private static void SaveKeyedMulticlass<T>(int seed, string path, string classColumn, Func<int, float, float, T> row)
        where T : class
    {
        var ml = new MLContext(seed);
        var rng = new Random(seed);
        IDataView raw = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 150).Select(i => row(i, (i % 3 * 3) + (float)rng.NextDouble(), (float)rng.NextDouble())).ToArray());
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", classColumn, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(raw).Transform(raw);
        using var model = (IDisposable)ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.MulticlassClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 5, batchSize: 32)).Fit(data);
        ml.Model.Save((ITransformer)model, data.Schema, path);
    }

    public sealed class DatedPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public DateTime When { get; set; }
    }

    /// <summary>A binary model made by plain ML.NET with FastTree (no MLNetDeep in it) over X1, X2.</summary>
    public static void SaveFastTree(int seed, string path)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(200, seed));
        ITransformer model = ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 5)).Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    /// <summary>The typed engine's answer for one point, from the model file (an independent reference for the server).</summary>
    public static Prediction PredictWithEngine(string path, Point point)
    {
        var ml = new MLContext();
        using var model = (IDisposable)ml.Model.LoadChecked(path, out _); // LoadChecked retries ML.NET's '.ort' temp-name clash; these helpers load many times per test
        using var engine = ml.Model.CreatePredictionEngine<Point, Prediction>((ITransformer)model);
        return engine.Predict(point);
    }

    /// <summary>The multiclass model's own answer for a point, through ML.NET's engine: the PredictedLabel key (0 = missing) and the scores.</summary>
    public static (uint Key, float[] Score) PredictClassWithEngine(string path, float x1, float x2)
    {
        var ml = new MLContext();
        using var model = (IDisposable)ml.Model.LoadChecked(path, out _);
        using var engine = ml.Model.CreatePredictionEngine<ClassPoint, ClassPrediction>((ITransformer)model);
        ClassPrediction p = engine.Predict(new ClassPoint { X1 = x1, X2 = x2 });
        return (p.PredictedLabel, p.Score);
    }

    /// <summary>
    /// A point whose numbers overflow the model's network into a NaN score (issue 14 #1's probe: one input near float's
    /// limit; which sign combination overflows depends on the trained weights, so the first that does is taken).
    /// </summary>
    public static Point Overflowing(string path) => Overflowing(path, p => float.IsNaN(PredictWithEngine(path, p).Score));

    /// <summary>A point that gives the multiclass model at <paramref name="path"/> a NaN in its Score vector.</summary>
    public static Point OverflowingClass(string path) => Overflowing(path, p => PredictClassWithEngine(path, p.X1, p.X2).Score.Any(float.IsNaN));

    private static Point Overflowing(string path, Func<Point, bool> isNaN)
    {
        float[] values = [3e38f, -3e38f, 1e38f, -1e38f, 0.2f, 1e20f, -1e20f];
        foreach (float x1 in values)
        {
            foreach (float x2 in values)
            {
                var point = new Point { X1 = x1, X2 = x2 };
                if (isNaN(point))
                {
                    return point;
                }
            }
        }

        throw new AssertFailedException($"none of the overflow probes gives {path} a NaN score");
    }

    public sealed class ClassPrediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = [];
    }

    /// <summary>Writes <paramref name="write"/>'s file next to <paramref name="path"/> and renames it over it (as deployment tools do).</summary>
    public static void ReplaceAtomically(string path, Action<string> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, "incoming-" + Guid.NewGuid().ToString("N") + ".tmp");
        write(temp);
        File.Move(temp, path, overwrite: true);
    }
}
