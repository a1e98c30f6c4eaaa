namespace MLNetDeep.Legacy.Data;

/// <summary>
/// Storage for one materialized column: a typed array, or for a known-size vector a flat float[] of rows * size, or
/// a flat byte[] of rows * size read as floats (byte, or byte / 255f when scaled) — a quarter of the memory for IDX images.
/// </summary>
internal sealed class ColumnBuffer
{
    private ColumnBuffer(DataViewType type, Array values, int vectorSize, bool scaleBytes = false)
    {
        Type = type;
        Values = values;
        VectorSize = vectorSize;
        ScaleBytes = scaleBytes;
    }

    public DataViewType Type { get; }

    /// <summary>float[], double[], int[], long[], bool[], string[], uint[], float[] or byte[] (flat known-size vectors) or float[][] (variable-size vectors).</summary>
    public Array Values { get; }

    /// <summary>For a flat vector column its size, else 0.</summary>
    public int VectorSize { get; }

    public static ColumnBuffer FromArray(DataViewType type, Array values) => new(type, values, 0);

    public static ColumnBuffer FromFlatVectors(int size, float[] values) => new(new VectorDataViewType(size), values, size);

    /// <summary>
    /// A known-size float vector column backed by bytes: each value reads as <c>(float)b</c>, or <c>(float)b / 255f</c>
    /// with <paramref name="scale"/> (bit for bit what converting the whole buffer to float and dividing gave).
    /// </summary>
    public static ColumnBuffer FromFlatByteVectors(int size, byte[] values, bool scale) => new(new VectorDataViewType(size), values, size, scale);

    /// <summary>For a byte-backed vector column: whether each byte is divided by 255.</summary>
    public bool ScaleBytes { get; }

    /// <summary>One row of a byte-backed vector column as floats (<paramref name="source"/> and <paramref name="destination"/> of the vector size).</summary>
    public static void ReadBytes(ReadOnlySpan<byte> source, Span<float> destination, bool scale)
    {
        System.Numerics.Tensors.TensorPrimitives.ConvertChecked<byte, float>(source, destination);
        if (scale)
        {
            // x / 255 exactly as torchvision's ToTensor (img.float().div(255)), not x * (1/255); division is correctly
            // rounded, so vector lanes and the scalar tail give the same bits.
            System.Numerics.Tensors.TensorPrimitives.Divide(destination, 255f, destination);
        }
    }

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
            case byte[] bytes when VectorSize > 0:
                int bsize = VectorSize;
                bool scale = ScaleBytes;
                return new ValueGetter<float[]>((ref float[] v) =>
                {
                    if (v is null || v.Length != bsize)
                    {
                        v = new float[bsize];
                    }

                    ReadBytes(bytes.AsSpan(position() * bsize, bsize), v, scale);
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
        if (VectorSize > 0 && Values is byte[] srcBytes)
        {
            var dstBytes = new byte[rows.Length * VectorSize];
            for (int i = 0; i < rows.Length; i++)
            {
                Array.Copy(srcBytes, rows[i] * VectorSize, dstBytes, i * VectorSize, VectorSize);
            }

            return new ColumnBuffer(Type, dstBytes, VectorSize, ScaleBytes);
        }

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
