namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>The getter shape shared by slot-wise transforms (normalizers, missing-value replacement) on vector columns.</summary>
internal static class SlotMapping
{
    /// <summary>
    /// A getter that reads <paramref name="column"/> (a vector of <paramref name="size"/>) from <paramref name="input"/>,
    /// checks its length (naming <paramref name="step"/>, the column and the row otherwise) and lets
    /// <paramref name="map"/> write the output slots from the input slots. Buffers are reused from row to row.
    /// </summary>
    public static ValueGetter<float[]> Vector(DataViewRow input, DataViewSchema.Column column, int size, string step, Action<float[], float[]> map)
    {
        ValueGetter<float[]> src = input.GetGetter<float[]>(column);
        float[] buffer = new float[size];
        return (ref float[] value) =>
        {
            src(ref buffer);
            if (buffer.Length != size)
            {
                throw new InvalidDataException($"{step}: column '{column.Name}' holds {buffer.Length} values in row {input.Position}; {size} expected.");
            }

            if (value is null || value.Length != size)
            {
                value = new float[size];
            }

            map(buffer, value);
        };
    }
}
