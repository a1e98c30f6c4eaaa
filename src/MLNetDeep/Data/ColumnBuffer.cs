namespace MLNetDeep.Data;

/// <summary>
/// Storage for one materialized column: a typed array, or for a known-size vector a flat float[] of rows * size.
/// </summary>
internal sealed class ColumnBuffer
{
    private ColumnBuffer(DataViewType type, Array values, int vectorSize)
    {
        Type = type;
        Values = values;
        VectorSize = vectorSize;
    }

    public DataViewType Type { get; }

    /// <summary>float[], double[], int[], long[], bool[], string[], uint[], float[] (flat known-size vectors) or float[][] (variable-size vectors).</summary>
    public Array Values { get; }

    /// <summary>For a flat vector column its size, else 0.</summary>
    public int VectorSize { get; }

    public static ColumnBuffer FromArray(DataViewType type, Array values) => new(type, values, 0);

    public static ColumnBuffer FromFlatVectors(int size, float[] values) => new(new VectorDataViewType(size), values, size);

    public static ColumnBuffer FromJaggedVectors(float[][] values) => new(new VectorDataViewType(0), values, 0);

    public long Rows => VectorSize > 0 ? Values.Length / VectorSize : Values.Length;

    /// <summary>A getter reading row <c>position()</c>.</summary>
    public Delegate CreateGetter(Func<int> position)
    {
        switch (Values)
        {
            case float[] flat when VectorSize > 0:
                int size = VectorSize;
                return new ValueGetter<float[]>((ref float[] v) =>
                {
                    if (v is null || v.Length != size)
                    {
                        v = new float[size];
                    }

                    Array.Copy(flat, position() * size, v, 0, size);
                });
            case float[][] jagged:
                return new ValueGetter<float[]>((ref float[] v) =>
                {
                    float[] src = jagged[position()];
                    if (v is null || v.Length != src.Length)
                    {
                        v = new float[src.Length];
                    }

                    src.CopyTo(v, 0);
                });
            case float[] a: return new ValueGetter<float>((ref float v) => v = a[position()]);
            case double[] a: return new ValueGetter<double>((ref double v) => v = a[position()]);
            // Exact type checks: the CLR lets a uint[] match an int[] pattern and vice versa (same-size integer arrays).
            case uint[] a when Values.GetType() == typeof(uint[]): return new ValueGetter<uint>((ref uint v) => v = a[position()]);
            case int[] a when Values.GetType() == typeof(int[]): return new ValueGetter<int>((ref int v) => v = a[position()]);
            case long[] a: return new ValueGetter<long>((ref long v) => v = a[position()]);
            case bool[] a: return new ValueGetter<bool>((ref bool v) => v = a[position()]);
            case string[] a: return new ValueGetter<string>((ref string v) => v = a[position()]);
            default: throw new InvalidOperationException($"Unsupported column storage {Values.GetType().Name}.");
        }
    }

    /// <summary>A new buffer holding the given rows, in that order.</summary>
    public ColumnBuffer Select(ReadOnlySpan<int> rows)
    {
        if (VectorSize > 0)
        {
            var src = (float[])Values;
            var dst = new float[rows.Length * VectorSize];
            for (int i = 0; i < rows.Length; i++)
            {
                Array.Copy(src, rows[i] * VectorSize, dst, i * VectorSize, VectorSize);
            }

            return new ColumnBuffer(Type, dst, VectorSize);
        }

        Array result = Array.CreateInstance(Values.GetType().GetElementType()!, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(Values, rows[i], result, i, 1);
        }

        return new ColumnBuffer(Type, result, 0);
    }
}
