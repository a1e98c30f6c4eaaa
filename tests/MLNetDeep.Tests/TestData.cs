namespace MLNetDeep.Tests;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Training;

/// <summary>Small seeded data sets for the estimator tests, as POCOs and data views.</summary>
internal static class TestData
{
    /// <summary>Two concentric circles: Features [2], Label Boolean (inner circle true).</summary>
    public static PointRow[] Circles(int count, long seed) => ToRows(SyntheticData.Circles(count, noise: 0.05, seed: seed), (y, _) => new PointRow { Label = y[0] > 0.5f });

    /// <summary>Three spiral arms: Features [2], Class text "arm-c", "arm-a", "arm-b" (deliberately not in sorted order).</summary>
    public static PointRow[] Spirals(int perClass, long seed)
    {
        string[] names = ["arm-c", "arm-a", "arm-b"];
        return ToRows(SyntheticData.Spirals(perClass, classes: 3, noise: 0.1, seed: seed), (y, _) => new PointRow { Class = names[(int)y[0]] });
    }

    /// <summary>A smooth surface on a large offset and scale: Value = 1000 + 300*sin(2 x1) + 200*x2^2 (plus a little noise).</summary>
    public static PointRow[] Surface(int count, long seed)
    {
        var rng = new Random((int)seed);
        var rows = new PointRow[count];
        for (int i = 0; i < count; i++)
        {
            float x1 = (float)(rng.NextDouble() * 4 - 2);
            float x2 = (float)(rng.NextDouble() * 4 - 2);
            float noise = (float)(rng.NextDouble() - 0.5);
            rows[i] = new PointRow { Features = [x1, x2], Value = 1000 + 300 * MathF.Sin(2 * x1) + 200 * x2 * x2 + noise };
        }

        return rows;
    }

    private static PointRow[] ToRows(ExampleSet set, Func<float[], int, PointRow> make)
    {
        var rows = new PointRow[set.Count];
        for (int i = 0; i < set.Count; i++)
        {
            PointRow row = make(set.Targets.AsSpan(i * set.TargetWidth, set.TargetWidth).ToArray(), i);
            row.Features = set.Features.AsSpan(i * set.FeatureCount, set.FeatureCount).ToArray();
            rows[i] = row;
        }

        return rows;
    }

    /// <summary>Writes rows of features in the ModelProbe's binary form.</summary>
    public static void WriteFeatures(string path, IReadOnlyList<float[]> rows)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows.Count);
        writer.Write(rows[0].Length);
        foreach (float[] row in rows)
        {
            foreach (float v in row)
            {
                writer.Write(v);
            }
        }
    }
}

/// <summary>A row of the test data sets (each set fills the columns it uses).</summary>
public sealed class PointRow
{
    /// <summary>The features.</summary>
    [VectorType(2)]
    public float[] Features { get; set; } = [];

    /// <summary>Binary label.</summary>
    public bool Label { get; set; }

    /// <summary>Multiclass label (text).</summary>
    public string Class { get; set; } = "";

    /// <summary>Regression label.</summary>
    public float Value { get; set; }

    /// <summary>An example weight.</summary>
    public float Weight { get; set; } = 1f;
}
