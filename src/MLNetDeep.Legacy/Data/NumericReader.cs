namespace MLNetDeep.Legacy.Data;

/// <summary>Reads a numeric column (any number type, Boolean as 0/1, or a vector of Single) of the current row as floats.</summary>
internal static class NumericReader
{
    /// <summary>An action that writes the column's value(s) into a destination at an offset.</summary>
    public static Action<float[], int> Create(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case VectorDataViewType:
            {
                var g = row.GetGetter<float[]>(column);
                float[] buffer = [];
                return (dst, offset) =>
                {
                    g(ref buffer);
                    buffer.CopyTo(dst, offset);
                };
            }

            case BooleanDataViewType:
            {
                var g = row.GetGetter<bool>(column);
                return (dst, offset) =>
                {
                    bool v = false;
                    g(ref v);
                    dst[offset] = v ? 1f : 0f;
                };
            }

            default:
            {
                Func<float> read = Scalar(row, column);
                return (dst, offset) => dst[offset] = read();
            }
        }
    }

    /// <summary>A function returning the current row's value of a scalar numeric (or Boolean) column as a float.</summary>
    public static Func<float> Scalar(DataViewRow row, DataViewSchema.Column column)
    {
        DataViewType t = column.Type;
        if (t == NumberDataViewType.Single)
        {
            var g = row.GetGetter<float>(column);
            return () => { float v = 0; g(ref v); return v; };
        }

        if (t == NumberDataViewType.Double)
        {
            var g = row.GetGetter<double>(column);
            return () => { double v = 0; g(ref v); return (float)v; };
        }

        if (t == NumberDataViewType.Int32)
        {
            var g = row.GetGetter<int>(column);
            return () => { int v = 0; g(ref v); return v; };
        }

        if (t == NumberDataViewType.Int64)
        {
            var g = row.GetGetter<long>(column);
            return () => { long v = 0; g(ref v); return v; };
        }

        if (t is BooleanDataViewType)
        {
            var g = row.GetGetter<bool>(column);
            return () => { bool v = false; g(ref v); return v ? 1f : 0f; };
        }

        throw new ArgumentException($"Column '{column.Name}' is {t}; a number was expected.");
    }
}
