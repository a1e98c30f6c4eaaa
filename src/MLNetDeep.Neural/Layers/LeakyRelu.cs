namespace MLNetDeep.Neural.Layers;

using System.Runtime.CompilerServices;
using MLNetDeep.Neural.Numerics;

/// <summary>Leaky rectified linear unit: <c>y = x</c> for <c>x &gt; 0</c>, else <c>slope * x</c>.</summary>
public sealed class LeakyRelu : ActivationLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="slope">The slope for negative inputs, in [0, 1). Default 0.01 (PyTorch's negative_slope).</param>
    public LeakyRelu(float slope = 0.01f)
    {
        if (!(slope >= 0f && slope < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "LeakyReLU slope must be in [0, 1).");
        }

        Slope = slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; }

    /// <inheritdoc/>
    public override string DisplayName => FormattableString.Invariant($"LeakyReLU({Slope})");

    internal override bool KinkAtZero => true;

    /// <summary>Kind <c>LeakyRelu</c> v1: setting <c>slope</c>; at inference the ONNX <c>LeakyRelu</c> with <c>alpha</c> = slope.</summary>
    public override LayerSpec Describe() => new()
    {
        Kind = "LeakyRelu",
        Version = 1,
        Settings = new Dictionary<string, double> { ["slope"] = Slope },
        Inference = new LayerOperator("LeakyRelu", floatAttributes: new Dictionary<string, float> { ["alpha"] = Slope }),
    };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => Select(x, x, y, Slope, Simd.Best);

    // y > 0 exactly when x > 0 (slope >= 0)
    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch) => Select(y, dy, dx, Slope, Simd.Best);

    /// <summary>
    /// <c>result = test &gt; 0 ? value : slope * value</c>, element by element, on <paramref name="path"/> (every path
    /// gives the same bits). Forward: test = value = x; backward: test = y, value = dy.
    /// </summary>
    internal static unsafe void Select(ReadOnlySpan<float> test, ReadOnlySpan<float> value, Span<float> result, float slope, SimdPath path)
    {
        fixed (float* pt = test, pv = value, pr = result)
        {
            Simd.Run(new SelectBody(pt, pv, pr, slope), test.Length, path);
        }
    }

    /// <summary><see cref="Select"/>'s body: test, value, result [N*F].</summary>
    private readonly unsafe struct SelectBody(float* test, float* value, float* result, float slope) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T s = T.Create(slope);
            for (; i <= n - T.Count; i += T.Count)
            {
                T v = T.Load(value + i);
                T.SelectWherePositive(T.Load(test + i), v, s * v).Store(result + i);
            }

            return i;
        }
    }
}
