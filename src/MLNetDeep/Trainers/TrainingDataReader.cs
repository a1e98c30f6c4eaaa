namespace MLNetDeep.Trainers;

using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Training;

/// <summary>
/// Reads an ML.NET data view's feature, label and weight columns into the engine's in-memory <see cref="ExampleSet"/>
/// (features <c>[N, F]</c> row-major, one pass of one cursor). Rows whose label is missing are skipped and counted; a
/// non-finite feature or a bad weight is an error naming the row, the column and the value.
/// </summary>
internal static class TrainingDataReader
{
    /// <summary>Reads the label of the cursor's current row as the loss's target; false when the label is missing.</summary>
    internal delegate bool LabelGetter(out float target);

    public static (ExampleSet Examples, long Skipped) Read(IDataView data, string what, string featureColumn, string labelColumn,
        string? weightColumn, Func<DataViewRow, DataViewSchema.Column, LabelGetter> labelReader)
    {
        DataViewSchema.Column features = data.Schema[featureColumn];
        DataViewSchema.Column label = data.Schema[labelColumn];
        DataViewSchema.Column? weight = weightColumn is null ? null : data.Schema[weightColumn];
        int f = ((VectorDataViewType)features.Type).Size;
        // The matrix is allocated once at its final size: growing it by doubling would hold the old and the new array at
        // once (about three times the data at the peak). A view that does not know its row count (a filter, a text
        // file) is counted first, reading only the label.
        int capacity = checked((int)(data.GetRowCount() ?? CountLabelled(data, label, labelReader)));
        if ((long)capacity * f > Array.MaxLength)
        {
            throw new InvalidDataException($"The {what} has {capacity:N0} rows of {f:N0} features: more than one float32 matrix can hold ({Array.MaxLength:N0} values).");
        }

        var x = new float[capacity * f];
        var y = new float[capacity];
        float[]? w = weight is null ? null : new float[capacity];
        int n = 0;
        long skipped = 0;
        var columns = new List<DataViewSchema.Column> { features, label };
        if (weight is { } weightCol)
        {
            columns.Add(weightCol);
        }

        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        LabelGetter getLabel = labelReader(cursor, label);
        ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);
        VBuffer<float> row = default;
        float rowWeight = 0;
        while (cursor.MoveNext())
        {
            if (!getLabel(out float target))
            {
                skipped++;
                continue;
            }

            if (n == y.Length)
            {
                throw new InvalidDataException($"The {what} has more rows than it said it had ({capacity}): a data view's rows must not change between passes.");
            }

            getFeatures(ref row);
            if (row.Length != f)
            {
                throw new InvalidDataException($"The {what}, row {cursor.Position}: column '{featureColumn}' holds {row.Length} values; its type says {f}.");
            }

            Span<float> destination = x.AsSpan(n * f, f);
            row.CopyTo(destination);
            if (!TensorPrimitives.IsFiniteAll<float>(destination))
            {
                int slot = IndexOfNonFinite(destination);
                throw new InvalidDataException(FormattableString.Invariant(
                    $"The {what}, row {cursor.Position}: column '{featureColumn}' slot {slot} is {destination[slot]}. Replace or drop missing values before training (for example ml.Transforms.ReplaceMissingValues)."));
            }

            y[n] = target;
            if (w is not null)
            {
                getWeight!(ref rowWeight);
                if (!(rowWeight >= 0f) || !float.IsFinite(rowWeight))
                {
                    throw new InvalidDataException(FormattableString.Invariant(
                        $"The {what}, row {cursor.Position}: example weight column '{weightColumn}' is {rowWeight}; weights must be finite and non-negative."));
                }

                w[n] = rowWeight;
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

    private static long CountLabelled(IDataView data, DataViewSchema.Column label, Func<DataViewRow, DataViewSchema.Column, LabelGetter> labelReader)
    {
        using DataViewRowCursor cursor = data.GetRowCursor([label]);
        LabelGetter getLabel = labelReader(cursor, label);
        long count = 0;
        while (cursor.MoveNext())
        {
            count += getLabel(out _) ? 1 : 0;
        }

        return count;
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
