namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Training;

/// <summary>
/// Reads a data view's feature, label and weight columns into the engine's in-memory <see cref="ExampleSet"/>
/// (features <c>[N, F]</c> row-major). Rows whose label reader returns null (a missing label) are skipped and counted.
/// </summary>
internal static class TrainingDataReader
{
    public static (ExampleSet Examples, long Skipped) Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn,
        Func<DataViewRow, DataViewSchema.Column, Func<float?>> labelReader)
    {
        DataViewSchema.Column features = data.Schema[featureColumn];
        DataViewSchema.Column label = data.Schema[labelColumn];
        DataViewSchema.Column? weight = weightColumn is null ? null : data.Schema[weightColumn];
        int f = ((VectorDataViewType)features.Type).Size;
        long? known = data.GetRowCount();
        int capacity = known is long k and > 0 and < int.MaxValue ? (int)k : 1024;
        var x = new float[checked(capacity * f)];
        var y = new float[capacity];
        float[]? w = weight is null ? null : new float[capacity];
        int n = 0;
        long skipped = 0;
        var columns = new List<DataViewSchema.Column> { features, label };
        if (weight is not null)
        {
            columns.Add(weight);
        }

        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        ValueGetter<float[]> getFeatures = cursor.GetGetter<float[]>(features);
        Func<float?> getLabel = labelReader(cursor, label);
        Func<float>? getWeight = weight is null ? null : NumericReader.Scalar(cursor, weight);
        float[] row = new float[f];
        while (cursor.MoveNext())
        {
            float? target = getLabel();
            if (target is null)
            {
                skipped++;
                continue;
            }

            getFeatures(ref row);
            if (row.Length != f)
            {
                throw new InvalidDataException($"Row {cursor.Position}: column '{featureColumn}' holds {row.Length} values; its type says {f}.");
            }

            if (n == y.Length)
            {
                int grown = checked(y.Length * 2);
                Array.Resize(ref x, checked(grown * f));
                Array.Resize(ref y, grown);
                if (w is not null)
                {
                    Array.Resize(ref w, grown);
                }
            }

            row.CopyTo(x, n * f);
            y[n] = target.Value;
            if (w is not null)
            {
                w[n] = getWeight!();
            }

            n++;
        }

        if (n < y.Length)
        {
            Array.Resize(ref x, n * f);
            Array.Resize(ref y, n);
            if (w is not null)
            {
                Array.Resize(ref w, n);
            }
        }

        return (new ExampleSet(x, f, y, 1, w), skipped);
    }
}
