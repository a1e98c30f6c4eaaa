namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MLNetDeep.Neural.Numerics;

/// <summary>Rectified linear unit: <c>y = max(0, x)</c>; the derivative at 0 is taken as 0 (PyTorch's convention).</summary>
public sealed unsafe class Relu : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "ReLU";

    internal override bool KinkAtZero => true;

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
        fixed (float* py = y, pdy = dy, pdx = dx)
        {
            Simd.Run(new DeriveBody(py, pdy, pdx), y.Length, path);
        }
    }

    /// <summary><see cref="DeriveKernel"/>'s body: y, dy, dx [N*F].</summary>
    private readonly struct DeriveBody(float* y, float* dy, float* dx) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            for (; i <= n - T.Count; i += T.Count)
            {
                T.SelectWherePositive(T.Load(y + i), T.Load(dy + i), T.Zero).Store(dx + i);
            }

            return i;
        }
    }
}
