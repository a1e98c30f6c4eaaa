namespace MLNetDeep.ModelProbe;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Scores rows of features with a model and prints every standard output column as text (round-trip format). Compiled
/// into the probe and into the tests, so the fresh process and the test compute the lines the same way.
/// </summary>
public static class ProbeScoring
{
    /// <summary>Reads features.bin (int32 rows, int32 width, rows*width float32) and scores them; one line per row.</summary>
    public static string[] Score(MLContext ml, ITransformer model, string featureColumn, string featuresPath)
    {
        float[][] features = ReadFeatures(featuresPath);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnName = featureColumn;
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f }), definition));
        var lines = new List<string>();
        DataViewSchema.Column[] columns = scored.Schema.Where(c => !c.IsHidden && c.Name is "Score" or "Probability" or "PredictedLabel").ToArray();
        using DataViewRowCursor cursor = scored.GetRowCursor(columns);
        while (cursor.MoveNext())
        {
            lines.Add(string.Join(" ", columns.Select(c => c.Name + "=" + Read(cursor, c))));
        }

        return lines.ToArray();
    }

    private static float[][] ReadFeatures(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int rows = reader.ReadInt32();
        int width = reader.ReadInt32();
        var features = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            features[r] = new float[width];
            for (int c = 0; c < width; c++)
            {
                features[r][c] = reader.ReadSingle();
            }
        }

        return features;
    }

    private static string Read(DataViewRow row, DataViewSchema.Column c)
    {
        switch (c.Type)
        {
            case BooleanDataViewType:
                bool b = false;
                row.GetGetter<bool>(c)(ref b);
                return b ? "true" : "false";
            case KeyDataViewType:
                uint k = 0;
                row.GetGetter<uint>(c)(ref k);
                return k.ToString(CultureInfo.InvariantCulture);
            case VectorDataViewType:
                VBuffer<float> v = default;
                row.GetGetter<VBuffer<float>>(c)(ref v);
                return string.Join(",", v.DenseValues().Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
            default:
                float f = 0;
                row.GetGetter<float>(c)(ref f);
                return f.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
