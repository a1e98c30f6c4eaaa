namespace MLNetDeep.Neural.Optimizers;

using System.Numerics;
using System.Runtime.CompilerServices;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// The optimizers' update rules as span kernels. Each body is written once over <see cref="IFloatLanes{TSelf}"/> and
/// run by <see cref="Simd.Run"/> at Vector512 (when the path is Vector512), <see cref="Vector{T}"/> and one-lane
/// width, so every width performs the same operations in the same order (no fused multiply-add) and results depend
/// neither on the vector width nor on the path. Tests check one step of each against hand-computed numbers, and every
/// path against a plain loop.
/// </summary>
internal static unsafe class UpdateRules
{
    /// <summary>w -= lr * g.</summary>
    public static void GradientDescent(Span<float> w, ReadOnlySpan<float> g, float lr, SimdPath path)
    {
        fixed (float* pw = w, pg = g)
        {
            Simd.Run(new GradientDescentKernel(pw, pg, lr), w.Length, path);
        }
    }

    /// <summary>v = beta v + (1 - beta) g; w -= lr v (or, Nesterov, w -= lr (beta v + (1 - beta) g)).</summary>
    public static void Momentum(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float lr, float beta, bool nesterov, SimdPath path)
    {
        fixed (float* pw = w, pg = g, pv = v)
        {
            Simd.Run(new MomentumKernel(pw, pg, pv, lr, beta, nesterov), w.Length, path);
        }
    }

    /// <summary>s = beta s + (1 - beta) g^2; w -= lr g / (sqrt(s) + eps).</summary>
    public static void RmsProp(Span<float> w, ReadOnlySpan<float> g, Span<float> s, float lr, float beta, float eps, SimdPath path)
    {
        fixed (float* pw = w, pg = g, ps = s)
        {
            Simd.Run(new RmsPropKernel(pw, pg, ps, lr, beta, eps), w.Length, path);
        }
    }

    /// <summary>
    /// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr (m / c1) / (sqrt(v / c2) + eps), with the bias
    /// corrections <c>c1 = 1 - b1^t</c>, <c>c2 = 1 - b2^t</c> passed in.
    /// </summary>
    /// <remarks>
    /// Computed in PyTorch's arrangement, <c>w -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps)</c>, with
    /// <c>1 / sqrt(c2)</c> taken once: one division and one square root per element instead of three divisions' worth
    /// (the step is bound by the divider). The same formula; the last bit can differ from the literal form.
    /// </remarks>
    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float b1, float b2, float eps, float c1, float c2) =>
        Adam(w, g, m, v, lr, b1, b2, eps, c1, c2, Simd.Best);

    /// <inheritdoc cref="Adam(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, float, float, float, float, float, float)"/>
    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float b1, float b2, float eps, float c1, float c2, SimdPath path)
    {
        fixed (float* pw = w, pg = g, pm = m, pv = v)
        {
            Simd.Run(new AdamKernel(pw, pg, pm, pv, b1, b2, eps, lr / c1, (float)(1.0 / Math.Sqrt(c2))), w.Length, path);
        }
    }

    /// <summary>Decoupled weight decay: w -= lr * lambda * w.</summary>
    public static void DecayWeights(Span<float> w, float lr, float lambda)
    {
        float factor = 1f - lr * lambda;
        System.Numerics.Tensors.TensorPrimitives.Multiply(w, factor, w);
    }

    /// <summary><see cref="GradientDescent"/>'s body.</summary>
    private readonly struct GradientDescentKernel(float* w, float* g, float lr) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T vlr = T.Create(lr);
            for (; i <= n - T.Count; i += T.Count)
            {
                (T.Load(w + i) - (vlr * T.Load(g + i))).Store(w + i);
            }

            return i;
        }
    }

    /// <summary><see cref="Momentum"/>'s body.</summary>
    private readonly struct MomentumKernel(float* w, float* g, float* v, float lr, float beta, bool nesterov) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T vb = T.Create(beta), vo = T.Create(1f - beta), vlr = T.Create(lr);
            for (; i <= n - T.Count; i += T.Count)
            {
                T gi = T.Load(g + i);
                T vi = (vb * T.Load(v + i)) + (vo * gi);
                vi.Store(v + i);
                T step = nesterov ? (vb * vi) + (vo * gi) : vi;
                (T.Load(w + i) - (vlr * step)).Store(w + i);
            }

            return i;
        }
    }

    /// <summary><see cref="RmsProp"/>'s body.</summary>
    private readonly struct RmsPropKernel(float* w, float* g, float* s, float lr, float beta, float eps) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T vb = T.Create(beta), vo = T.Create(1f - beta), vlr = T.Create(lr), ve = T.Create(eps);
            for (; i <= n - T.Count; i += T.Count)
            {
                T gi = T.Load(g + i);
                T si = (vb * T.Load(s + i)) + (vo * (gi * gi));
                si.Store(s + i);
                (T.Load(w + i) - ((vlr * gi) / (T.Sqrt(si) + ve))).Store(w + i);
            }

            return i;
        }
    }

    /// <summary><see cref="Adam(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, float, float, float, float, float, float, SimdPath)"/>'s body.</summary>
    private readonly struct AdamKernel(float* w, float* g, float* m, float* v, float b1, float b2, float eps, float stepSize, float invSqrtC2) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Run<T>(nint i, nint n)
            where T : unmanaged, IFloatLanes<T>
        {
            T vb1 = T.Create(b1), vb2 = T.Create(b2), vo1 = T.Create(1f - b1), vo2 = T.Create(1f - b2);
            T vstep = T.Create(stepSize), ve = T.Create(eps), vinv = T.Create(invSqrtC2);
            for (; i <= n - T.Count; i += T.Count)
            {
                T gi = T.Load(g + i);
                T mi = (vb1 * T.Load(m + i)) + (vo1 * gi);
                T vi = (vb2 * T.Load(v + i)) + (vo2 * (gi * gi));
                mi.Store(m + i);
                vi.Store(v + i);
                (T.Load(w + i) - ((vstep * mi) / ((T.Sqrt(vi) * vinv) + ve))).Store(w + i);
            }

            return i;
        }
    }
}
