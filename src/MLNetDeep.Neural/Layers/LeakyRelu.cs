namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    internal static void Select(ReadOnlySpan<float> test, ReadOnlySpan<float> value, Span<float> result, float slope, SimdPath path)
    {
        // test, value, result [N*F]
        int n = test.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ts = ref MemoryMarshal.GetReference(test);
            ref float vs = ref MemoryMarshal.GetReference(value);
            ref float rs = ref MemoryMarshal.GetReference(result);
            var s = Vector512.Create(slope);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref vs, (nuint)i);
                Vector512<float> positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref ts, (nuint)i), Vector512<float>.Zero);
                Vector512.ConditionalSelect(positive, v, s * v).StoreUnsafe(ref rs, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(slope);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(value[i..]);
                var positive = Vector.GreaterThan(new Vector<float>(test[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(positive, v, s * v).CopyTo(result[i..]);
            }
        }

        for (; i < n; i++)
        {
            result[i] = test[i] > 0f ? value[i] : slope * value[i];
        }
    }
}
