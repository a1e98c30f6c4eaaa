namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>; the derivative at 0 is taken as 0 (PyTorch's convention).</summary>
public sealed unsafe class Relu : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "ReLU";

    /// <summary>Kind <c>Relu</c> v1: no settings or tensors; at inference the ONNX <c>Relu</c>.</summary>
    public override LayerSpec Describe() => new() { Kind = "Relu", Version = 1, Inference = new LayerOperator("Relu") };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        // x, y [N,F], split over the threads by element ranges (element-wise: the same bits for any split)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            Elementwise.Run(&ApplyRange, px, null, py, x.Length, Threads);
        }
    }

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // y, dy, dx [N,F], split over the threads by element ranges
        fixed (float* py = y)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        {
            Elementwise.Run(&DeriveRange, py, pdy, pdx, y.Length, Threads);
        }
    }

    private static void ApplyRange(float* x, float* unused, float* y, int length) =>
        TensorPrimitives.Max(new ReadOnlySpan<float>(x, length), 0f, new Span<float>(y, length));

    private static void DeriveRange(float* y, float* dy, float* dx, int length) =>
        DeriveKernel(new ReadOnlySpan<float>(y, length), new ReadOnlySpan<float>(dy, length), new Span<float>(dx, length), Simd.Best);

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
