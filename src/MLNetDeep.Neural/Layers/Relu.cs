namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>; the derivative at 0 is taken as 0 (PyTorch's convention).</summary>
public sealed class Relu : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "ReLU";

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => TensorPrimitives.Max(x, 0f, y);

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch) => DeriveKernel(y, dy, dx, Simd.Best);

    /// <summary>dx = dy where y &gt; 0, else 0 (y &gt; 0 exactly when x &gt; 0), on <paramref name="path"/>; every path gives the same bits.</summary>
    internal static void DeriveKernel(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdPath path)
    {
        // y, dy, dx [N*F]
        int n = y.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ys = ref MemoryMarshal.GetReference(y);
            ref float ds = ref MemoryMarshal.GetReference(dy);
            ref float xs = ref MemoryMarshal.GetReference(dx);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref ys, (nuint)i), Vector512<float>.Zero);
                (Vector512.LoadUnsafe(ref ds, (nuint)i) & mask).StoreUnsafe(ref xs, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                var mask = Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(mask, new Vector<float>(dy[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
            }
        }

        for (; i < n; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
