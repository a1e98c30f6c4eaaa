namespace MLNetDeep.Neural.Optimizers;

using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// The optimizers' update rules as span kernels. Each has a Vector512 loop (when <see cref="Simd.Best"/> is
/// Vector512), a <see cref="Vector{T}"/> loop and a scalar tail, and every loop performs exactly the scalar tail's
/// operations in the same order (no fused multiply-add), so results depend neither on the vector width nor on the
/// path. Tests check one step of each against hand-computed numbers, and every path against a plain loop.
/// </summary>
internal static class UpdateRules
{
    /// <summary>w -= lr * g.</summary>
    public static void GradientDescent(Span<float> w, ReadOnlySpan<float> g, float lr, SimdPath path)
    {
        int n = w.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ws = ref MemoryMarshal.GetReference(w);
            ref float gs = ref MemoryMarshal.GetReference(g);
            var vlr = Vector512.Create(lr);
            for (; i <= n - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref ws, (nuint)i) - (vlr * Vector512.LoadUnsafe(ref gs, (nuint)i))).StoreUnsafe(ref ws, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<float>(lr);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(w[i..]) - vlr * new Vector<float>(g[i..])).CopyTo(w[i..]);
            }
        }

        for (; i < n; i++)
        {
            w[i] -= lr * g[i];
        }
    }

    /// <summary>v = beta v + (1 - beta) g; w -= lr v (or, Nesterov, w -= lr (beta v + (1 - beta) g)).</summary>
    public static void Momentum(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float lr, float beta, bool nesterov, SimdPath path)
    {
        float oneMinus = 1f - beta;
        int n = w.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ws = ref MemoryMarshal.GetReference(w);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float vs = ref MemoryMarshal.GetReference(v);
            var vb = Vector512.Create(beta);
            var vo = Vector512.Create(oneMinus);
            var vlr = Vector512.Create(lr);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> gi = Vector512.LoadUnsafe(ref gs, (nuint)i);
                Vector512<float> vi = (vb * Vector512.LoadUnsafe(ref vs, (nuint)i)) + (vo * gi);
                vi.StoreUnsafe(ref vs, (nuint)i);
                Vector512<float> step = nesterov ? (vb * vi) + (vo * gi) : vi;
                (Vector512.LoadUnsafe(ref ws, (nuint)i) - (vlr * step)).StoreUnsafe(ref ws, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<float>(beta);
            var vo = new Vector<float>(oneMinus);
            var vlr = new Vector<float>(lr);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var vi = vb * new Vector<float>(v[i..]) + vo * gi;
                vi.CopyTo(v[i..]);
                var step = nesterov ? vb * vi + vo * gi : vi;
                (new Vector<float>(w[i..]) - vlr * step).CopyTo(w[i..]);
            }
        }

        for (; i < n; i++)
        {
            float vi = beta * v[i] + oneMinus * g[i];
            v[i] = vi;
            float step = nesterov ? beta * vi + oneMinus * g[i] : vi;
            w[i] -= lr * step;
        }
    }

    /// <summary>s = beta s + (1 - beta) g^2; w -= lr g / (sqrt(s) + eps).</summary>
    public static void RmsProp(Span<float> w, ReadOnlySpan<float> g, Span<float> s, float lr, float beta, float eps, SimdPath path)
    {
        float oneMinus = 1f - beta;
        int n = w.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ws = ref MemoryMarshal.GetReference(w);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float ss = ref MemoryMarshal.GetReference(s);
            var vb = Vector512.Create(beta);
            var vo = Vector512.Create(oneMinus);
            var vlr = Vector512.Create(lr);
            var ve = Vector512.Create(eps);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> gi = Vector512.LoadUnsafe(ref gs, (nuint)i);
                Vector512<float> si = (vb * Vector512.LoadUnsafe(ref ss, (nuint)i)) + (vo * (gi * gi));
                si.StoreUnsafe(ref ss, (nuint)i);
                (Vector512.LoadUnsafe(ref ws, (nuint)i) - ((vlr * gi) / (Vector512.Sqrt(si) + ve))).StoreUnsafe(ref ws, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<float>(beta);
            var vo = new Vector<float>(oneMinus);
            var vlr = new Vector<float>(lr);
            var ve = new Vector<float>(eps);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var si = vb * new Vector<float>(s[i..]) + vo * (gi * gi);
                si.CopyTo(s[i..]);
                (new Vector<float>(w[i..]) - vlr * gi / (Vector.SquareRoot(si) + ve)).CopyTo(w[i..]);
            }
        }

        for (; i < n; i++)
        {
            float gi = g[i];
            float si = beta * s[i] + oneMinus * (gi * gi);
            s[i] = si;
            w[i] -= lr * gi / (MathF.Sqrt(si) + eps);
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
        float o1 = 1f - b1;
        float o2 = 1f - b2;
        float stepSize = lr / c1;
        float invSqrtC2 = (float)(1.0 / Math.Sqrt(c2));
        int n = w.Length, i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            ref float ws = ref MemoryMarshal.GetReference(w);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float ms = ref MemoryMarshal.GetReference(m);
            ref float vs = ref MemoryMarshal.GetReference(v);
            var vb1 = Vector512.Create(b1);
            var vb2 = Vector512.Create(b2);
            var vo1 = Vector512.Create(o1);
            var vo2 = Vector512.Create(o2);
            var vstep = Vector512.Create(stepSize);
            var ve = Vector512.Create(eps);
            var vinv = Vector512.Create(invSqrtC2);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> gi = Vector512.LoadUnsafe(ref gs, (nuint)i);
                Vector512<float> mi = (vb1 * Vector512.LoadUnsafe(ref ms, (nuint)i)) + (vo1 * gi);
                Vector512<float> vi = (vb2 * Vector512.LoadUnsafe(ref vs, (nuint)i)) + (vo2 * (gi * gi));
                mi.StoreUnsafe(ref ms, (nuint)i);
                vi.StoreUnsafe(ref vs, (nuint)i);
                (Vector512.LoadUnsafe(ref ws, (nuint)i) - ((vstep * mi) / ((Vector512.Sqrt(vi) * vinv) + ve))).StoreUnsafe(ref ws, (nuint)i);
            }
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            var vb1 = new Vector<float>(b1);
            var vb2 = new Vector<float>(b2);
            var vo1 = new Vector<float>(o1);
            var vo2 = new Vector<float>(o2);
            var vstep = new Vector<float>(stepSize);
            var ve = new Vector<float>(eps);
            var vinv = new Vector<float>(invSqrtC2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var mi = vb1 * new Vector<float>(m[i..]) + vo1 * gi;
                var vi = vb2 * new Vector<float>(v[i..]) + vo2 * (gi * gi);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (new Vector<float>(w[i..]) - vstep * mi / (Vector.SquareRoot(vi) * vinv + ve)).CopyTo(w[i..]);
            }
        }

        for (; i < n; i++)
        {
            float gi = g[i];
            float mi = b1 * m[i] + o1 * gi;
            float vi = b2 * v[i] + o2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / (MathF.Sqrt(vi) * invSqrtC2 + eps);
        }
    }

    /// <summary>Decoupled weight decay: w -= lr * lambda * w.</summary>
    public static void DecayWeights(Span<float> w, float lr, float lambda)
    {
        float factor = 1f - lr * lambda;
        System.Numerics.Tensors.TensorPrimitives.Multiply(w, factor, w);
    }
}
