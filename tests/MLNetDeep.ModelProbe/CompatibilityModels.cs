namespace MLNetDeep.ModelProbe;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;

/// <summary>
/// Writes the small models tests/MLNetDeep.Tests/Compatibility keeps: one per task, saved by this version, with the rows
/// they score and the scores they gave. A later change that breaks loading them (a renamed mapping contract, a moved
/// assembly) fails CompatibilityTests. Run only when the saved format is deliberately changed:
/// <c>dotnet run --project tests/MLNetDeep.ModelProbe -- make-compat tests/MLNetDeep.Tests/Compatibility</c>.
/// </summary>
internal static class CompatibilityModels
{
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var ml = new MLContext(seed: 1);
        var rng = new Random(7);
        Row[] rows = Enumerable.Range(0, 240).Select(_ =>
        {
            float x1 = (float)(rng.NextDouble() * 4 - 2), x2 = (float)(rng.NextDouble() * 4 - 2);
            return new Row
            {
                Features = [x1, x2],
                Label = x1 * x1 + x2 * x2 < 1.5f,
                Class = x1 > 0.5f ? "east" : x1 < -0.5f ? "west" : "middle",
                Value = 50 + (20 * x1) - (10 * x2 * x2),
            };
        }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var small = new { Hidden = new[] { 8 }, Epochs = 3 };
        Save(ml, data, folder, "binary-v1", ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = small.Hidden, NumberOfEpochs = small.Epochs }));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(data).Transform(data);
        Save(ml, keyed, folder, "multiclass-v1", ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { HiddenLayers = small.Hidden, NumberOfEpochs = small.Epochs }));
        Save(ml, data, folder, "regression-v1", ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options { LabelColumnName = "Value", HiddenLayers = small.Hidden, NumberOfEpochs = small.Epochs }));
        WriteFeatures(Path.Combine(folder, "features.bin"), data);
        WriteDates(folder);
    }

    /// <summary>The featurization of a date column alone (the DateParts mapping), with the features it gave for <see cref="DateSamples"/>.</summary>
    private static void WriteDates(string folder)
    {
        var ml = new MLContext(seed: 1);
        IDataView dates = ml.Data.LoadFromEnumerable(DateSamples.Select(d => new DateRow { When = d }));
        ITransformer model = ml.Transforms.FeaturizeColumns([new CsvColumn("When", 0, CsvColumnKind.Date) { DataKind = DataKind.String }]).Fit(dates);
        ml.Model.Save(model, dates.Schema, Path.Combine(folder, "dates-v1.zip"));
        // One line per sample: the text, a tab, the features it gave.
        File.WriteAllLines(Path.Combine(folder, "dates-v1.expected.txt"), model.Transform(dates).GetColumn<float[]>("Features")
            .Select((f, i) => $"{DateSamples[i]}\t{string.Join(",", f.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}"));
    }

    /// <summary>The dates the date-featurization fixture scores: dates, date-times, zones, a leap day, missing and unreadable values.</summary>
    private static readonly string[] DateSamples =
        ["2026-12-07", "2025-03-01T06:30", "2024-02-29 12:00:00.5", "2024-12-31T23:59:59+01:00", "2020-07-04T00:00Z", "", "NA", "someday"];

    private sealed class DateRow
    {
        public string When { get; set; } = "";
    }

    private static void WriteFeatures(string path, IDataView data)
    {
        float[][] rows = data.GetColumn<float[]>("Features").Take(10).ToArray();
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows.Length);
        writer.Write(2);
        foreach (float[] r in rows)
        {
            writer.Write(r[0]);
            writer.Write(r[1]);
        }
    }

    private static void Save<T>(MLContext ml, IDataView data, string folder, string name, IEstimator<T> estimator)
        where T : class, ITransformer
    {
        T model = estimator.Fit(data);
        // Only the features are needed to score: the saved input schema keeps the training columns, as ML.NET does.
        ml.Model.Save(model, data.Schema, Path.Combine(folder, name + ".zip"));
        string features = Path.Combine(folder, "features.bin");
        WriteFeatures(features, data);
        File.WriteAllLines(Path.Combine(folder, name + ".expected.txt"), ProbeScoring.Score(ml, model, "Features", features));
        (model as IDisposable)?.Dispose();
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public string Class { get; set; } = "";

        public float Value { get; set; }
    }
}
