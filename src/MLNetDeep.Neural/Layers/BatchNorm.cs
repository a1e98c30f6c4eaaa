namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Batch normalization over the features of <c>[N, F]</c> (Ioffe and Szegedy, 2015):
/// <c>z~ = gamma * (z - mu) / sqrt(var + eps) + beta</c>, placed between a Dense layer (without bias) and its activation.
/// </summary>
/// <remarks>
/// <para>Training uses the batch's mean and biased variance, and updates running averages with PyTorch's rule
/// <c>running = (1 - momentum) * running + momentum * batch</c>, the running variance taking the unbiased batch
/// variance (<c>N/(N-1)</c>; with a batch of one example the biased one, which is 0). Inference uses the running
/// averages. Defaults are PyTorch's: momentum 0.1, epsilon 1e-5. Gamma starts at 1 and beta at 0; neither is
/// L2-penalized.</para>
/// </remarks>
public sealed unsafe class BatchNorm : Layer
{
    private Parameter? _gamma;
    private Parameter? _beta;
    private Parameter[] _parameters = [];
    private float[] _runningMean = [];
    private float[] _runningVariance = [];
    private float[] _mean = [];
    private float[] _inverseStd = [];
    private float[] _sumDy = [];
    private float[] _sumDyXhat = [];
    private float[] _normalized = [];
    private float[] _output = [];
    private float[] _inputGradient = [];
    private bool _lastForwardTraining;

    /// <summary>Creates a batch-norm layer.</summary>
    /// <param name="momentum">Weight of the batch statistic in the running average update, in (0, 1]. Default 0.1 (PyTorch).</param>
    /// <param name="epsilon">Added to the variance before the square root; positive. Default 1e-5 (PyTorch).</param>
    public BatchNorm(float momentum = 0.1f, float epsilon = 1e-5f)
    {
        if (!(momentum > 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNorm momentum must be in (0, 1].");
        }

        if (!(epsilon > 0f) || !float.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm epsilon must be positive and finite.");
        }

        Momentum = momentum;
        Epsilon = epsilon;
    }

    /// <summary>Weight of the batch statistic in the running average update.</summary>
    public float Momentum { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override string DisplayName => "BatchNorm";

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The running mean and running variance, in that order.</summary>
    public override IReadOnlyList<float[]> State => [_runningMean, _runningVariance];

    /// <summary>The learnable scale gamma <c>[F]</c>.</summary>
    public Parameter Gamma => _gamma ?? throw new InvalidOperationException("BatchNorm is not built.");

    /// <summary>The learnable shift beta <c>[F]</c>.</summary>
    public Parameter Beta => _beta ?? throw new InvalidOperationException("BatchNorm is not built.");

    /// <inheritdoc/>
    protected override int OnBuild(int inputSize)
    {
        _gamma = new Parameter("gamma", 1, inputSize, regularized: false);
        _beta = new Parameter("beta", 1, inputSize, regularized: false);
        _parameters = [_gamma, _beta];
        _runningMean = new float[inputSize];
        _runningVariance = new float[inputSize];
        _mean = new float[inputSize];
        _inverseStd = new float[inputSize];
        _sumDy = new float[inputSize];
        _sumDyXhat = new float[inputSize];
        ResetState();
        Array.Fill(_gamma.Value, 1f);
        return inputSize;
    }

    /// <inheritdoc/>
    public override void ResetParameters(Rng rng)
    {
        Array.Fill(Gamma.Value, 1f);
        Array.Clear(Beta.Value);
        ResetState();
    }

    private void ResetState()
    {
        Array.Clear(_runningMean);
        Array.Fill(_runningVariance, 1f);
    }

    /// <inheritdoc/>
    protected override void Allocate(int capacity)
    {
        _normalized = new float[capacity * InputSize];
        _output = new float[capacity * InputSize];
        _inputGradient = new float[capacity * InputSize];
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // z [N,F]  gamma, beta, mu, var [F]  ->  xhat [N,F] = (z - mu) / sqrt(var + eps),  y [N,F] = gamma * xhat + beta
        // Every feature's statistics and outputs depend on its own column only, so the columns are split over the
        // threads (Workers) and each column is summed over the rows in row order: the same bits for any thread count.
        _lastForwardTraining = training;
        fixed (float* x = input.Span)
        fixed (float* xhat = _normalized)
        fixed (float* y = _output)
        fixed (float* mean = _mean)
        fixed (float* inv = _inverseStd)
        fixed (float* runningMean = _runningMean)
        fixed (float* runningVariance = _runningVariance)
        fixed (float* gamma = Gamma.Value)
        fixed (float* beta = Beta.Value)
        {
            var job = new Job
            {
                Momentum = Momentum, Epsilon = Epsilon, X = x, Xhat = xhat, Y = y, Mean = mean, Inv = inv, RunningMean = runningMean,
                RunningVariance = runningVariance, Gamma = gamma, Beta = beta, Batch = batch, Features = InputSize,
                Training = training, Parts = Parts(batch),
            };
            Workers.Run(&ForwardPart, &job, job.Parts);
        }

        return _output.AsMemory(0, batch * InputSize);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F]  xhat [N,F]  ->  dgamma [F] += sum dy*xhat   dbeta [F] += sum dy
        //   training:  dx = gamma * inv / N * (N*dy - sum(dy) - xhat * sum(dy*xhat))
        //   inference: dx = gamma * inv * dy
        fixed (float* dy = outputGradient.Span)
        fixed (float* xhat = _normalized)
        fixed (float* dx = _inputGradient)
        fixed (float* inv = _inverseStd)
        fixed (float* sumDy = _sumDy)
        fixed (float* sumDyXhat = _sumDyXhat)
        fixed (float* scale = _mean) // reused as gamma * inv (the mean is not needed by backward)
        fixed (float* gamma = Gamma.Value)
        fixed (float* dGamma = Gamma.Gradient)
        fixed (float* dBeta = Beta.Gradient)
        {
            var job = new Job
            {
                Dy = dy, Xhat = xhat, Dx = needInputGradient ? dx : null, Inv = inv, SumDy = sumDy,
                SumDyXhat = sumDyXhat, Mean = scale, Gamma = gamma, DGamma = dGamma, DBeta = dBeta, Batch = batch,
                Features = InputSize, Training = _lastForwardTraining, Parts = Parts(batch),
            };
            Workers.Run(&BackwardPart, &job, job.Parts);
        }

        return needInputGradient ? _inputGradient.AsMemory(0, batch * InputSize) : ReadOnlyMemory<float>.Empty;
    }

    /// <summary>Column-split parts: one per thread when each gets a few thousand elements, else one.</summary>
    private int Parts(int batch) => InputSize < 2 * Vector<float>.Count ? 1 : Workers.Parts((long)batch * InputSize, Threads, 8192);

    private static void ForwardPart(void* state, int part)
    {
        ref Job j = ref *(Job*)state;
        (int c0, int w) = Workers.Range(j.Features, j.Parts, part, 16);
        if (w == 0)
        {
            return;
        }

        int f = j.Features, batch = j.Batch;
        var mean = new Span<float>(j.Mean + c0, w);
        var inv = new Span<float>(j.Inv + c0, w);
        if (j.Training)
        {
            // Two passes over the rows, in row order: the mean, then the biased variance from centred squares.
            mean.Clear();
            for (int r = 0; r < batch; r++)
            {
                Kernels.Add(mean, new ReadOnlySpan<float>(j.X + ((long)r * f) + c0, w));
            }

            TensorPrimitives.Multiply(mean, 1f / batch, mean);
            inv.Clear(); // holds the sum of squares until the loop below
            for (int r = 0; r < batch; r++)
            {
                Kernels.AddSquaredDifference(inv, new ReadOnlySpan<float>(j.X + ((long)r * f) + c0, w), mean);
            }

            float unbiased = batch > 1 ? 1f / (batch - 1) : 1f;
            float m = j.Momentum, eps = j.Epsilon;
            for (int c = 0; c < w; c++)
            {
                float sumSquares = inv[c];
                float variance = sumSquares / batch;
                j.RunningMean[c0 + c] = (1f - m) * j.RunningMean[c0 + c] + m * mean[c];
                j.RunningVariance[c0 + c] = (1f - m) * j.RunningVariance[c0 + c] + m * (batch > 1 ? sumSquares * unbiased : variance);
                inv[c] = 1f / MathF.Sqrt(variance + eps);
            }
        }
        else
        {
            for (int c = 0; c < w; c++)
            {
                mean[c] = j.RunningMean[c0 + c];
                inv[c] = 1f / MathF.Sqrt(j.RunningVariance[c0 + c] + j.Epsilon);
            }
        }

        var gamma = new ReadOnlySpan<float>(j.Gamma + c0, w);
        var beta = new ReadOnlySpan<float>(j.Beta + c0, w);
        for (int r = 0; r < batch; r++)
        {
            long offset = ((long)r * f) + c0;
            Kernels.Normalize(new ReadOnlySpan<float>(j.X + offset, w), mean, inv, gamma, beta, new Span<float>(j.Xhat + offset, w), new Span<float>(j.Y + offset, w));
        }
    }

    private static void BackwardPart(void* state, int part)
    {
        ref Job j = ref *(Job*)state;
        (int c0, int w) = Workers.Range(j.Features, j.Parts, part, 16);
        if (w == 0)
        {
            return;
        }

        int f = j.Features, batch = j.Batch;
        var sumDy = new Span<float>(j.SumDy + c0, w);
        var sumDyXhat = new Span<float>(j.SumDyXhat + c0, w);
        sumDy.Clear();
        sumDyXhat.Clear();
        for (int r = 0; r < batch; r++)
        {
            long offset = ((long)r * f) + c0;
            Kernels.AccumulateGradientSums(new ReadOnlySpan<float>(j.Dy + offset, w), new ReadOnlySpan<float>(j.Xhat + offset, w), sumDy, sumDyXhat);
        }

        var dGamma = new Span<float>(j.DGamma + c0, w);
        var dBeta = new Span<float>(j.DBeta + c0, w);
        TensorPrimitives.Add(dGamma, sumDyXhat, dGamma);
        TensorPrimitives.Add(dBeta, sumDy, dBeta);
        if (j.Dx is null)
        {
            return;
        }

        var scale = new Span<float>(j.Mean + c0, w);
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(j.Gamma + c0, w), new ReadOnlySpan<float>(j.Inv + c0, w), scale);
        if (j.Training)
        {
            float invN = 1f / batch;
            TensorPrimitives.Multiply(sumDy, invN, sumDy);
            TensorPrimitives.Multiply(sumDyXhat, invN, sumDyXhat);
            for (int r = 0; r < batch; r++)
            {
                long offset = ((long)r * f) + c0;
                Kernels.InputGradient(new ReadOnlySpan<float>(j.Dy + offset, w), new ReadOnlySpan<float>(j.Xhat + offset, w), sumDy, sumDyXhat, scale, new Span<float>(j.Dx + offset, w));
            }
        }
        else
        {
            for (int r = 0; r < batch; r++)
            {
                long offset = ((long)r * f) + c0;
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(j.Dy + offset, w), scale, new Span<float>(j.Dx + offset, w));
            }
        }
    }

    /// <summary>Pointers and sizes of one forward or backward pass, shared with the <see cref="Workers"/>.</summary>
    private struct Job
    {
        public float Momentum;
        public float Epsilon;
        public float* X;
        public float* Xhat;
        public float* Y;
        public float* Dy;
        public float* Dx;
        public float* Mean;
        public float* Inv;
        public float* RunningMean;
        public float* RunningVariance;
        public float* Gamma;
        public float* Beta;
        public float* DGamma;
        public float* DBeta;
        public float* SumDy;
        public float* SumDyXhat;
        public int Batch;
        public int Features;
        public bool Training;
        public int Parts;
    }

    /// <summary>
    /// The fused row kernels. Each has a Vector512 loop (when <see cref="Simd.Best"/> is Vector512), then a
    /// <see cref="Vector{T}"/> loop, then a scalar tail, and every loop performs exactly the scalar tail's operations in
    /// the same order (no fused multiply-add), so the bits depend neither on the path nor on where a column falls; they
    /// equal the TensorPrimitives sequence the layer used before (subtract, multiply, multiply-add), which the tests keep
    /// as the plain twin. The overloads with a <see cref="SimdPath"/> let the tests run each path.
    /// </summary>
    internal static class Kernels
    {
        /// <summary>sum += x.</summary>
        public static void Add(Span<float> sum, ReadOnlySpan<float> x) => Add(sum, x, Simd.Best);

        /// <inheritdoc cref="Add(Span{float}, ReadOnlySpan{float})"/>
        public static void Add(Span<float> sum, ReadOnlySpan<float> x, SimdPath path)
        {
            int n = x.Length, i = 0;
            ref float s = ref MemoryMarshal.GetReference(sum);
            ref float xs = ref MemoryMarshal.GetReference(x);
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - 16; i += 16)
                {
                    (Vector512.LoadUnsafe(ref s, (nuint)i) + Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
                }
            }

            if (path != SimdPath.Scalar)
            {
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    (new Vector<float>(sum[i..]) + new Vector<float>(x[i..])).CopyTo(sum[i..]);
                }
            }

            for (; i < n; i++)
            {
                sum[i] += x[i];
            }
        }

        /// <summary>sum += (x - mean)^2.</summary>
        public static void AddSquaredDifference(Span<float> sum, ReadOnlySpan<float> x, ReadOnlySpan<float> mean) => AddSquaredDifference(sum, x, mean, Simd.Best);

        /// <inheritdoc cref="AddSquaredDifference(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float})"/>
        public static void AddSquaredDifference(Span<float> sum, ReadOnlySpan<float> x, ReadOnlySpan<float> mean, SimdPath path)
        {
            int n = x.Length, i = 0;
            ref float s = ref MemoryMarshal.GetReference(sum);
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float ms = ref MemoryMarshal.GetReference(mean);
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> d = Vector512.LoadUnsafe(ref xs, (nuint)i) - Vector512.LoadUnsafe(ref ms, (nuint)i);
                    ((d * d) + Vector512.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
                }
            }

            if (path != SimdPath.Scalar)
            {
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> d = new Vector<float>(x[i..]) - new Vector<float>(mean[i..]);
                    ((d * d) + new Vector<float>(sum[i..])).CopyTo(sum[i..]);
                }
            }

            for (; i < n; i++)
            {
                float d = x[i] - mean[i];
                sum[i] = (d * d) + sum[i];
            }
        }

        /// <summary>xhat = (x - mean) * inv; y = xhat * gamma + beta.</summary>
        public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> inv, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xhat, Span<float> y) =>
            Normalize(x, mean, inv, gamma, beta, xhat, y, Simd.Best);

        /// <inheritdoc cref="Normalize(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> inv, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xhat, Span<float> y, SimdPath path)
        {
            int n = x.Length, i = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                ref float xs = ref MemoryMarshal.GetReference(x);
                ref float ms = ref MemoryMarshal.GetReference(mean);
                ref float vs = ref MemoryMarshal.GetReference(inv);
                ref float gs = ref MemoryMarshal.GetReference(gamma);
                ref float bs = ref MemoryMarshal.GetReference(beta);
                ref float hs = ref MemoryMarshal.GetReference(xhat);
                ref float ys = ref MemoryMarshal.GetReference(y);
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> h = (Vector512.LoadUnsafe(ref xs, (nuint)i) - Vector512.LoadUnsafe(ref ms, (nuint)i)) * Vector512.LoadUnsafe(ref vs, (nuint)i);
                    h.StoreUnsafe(ref hs, (nuint)i);
                    ((h * Vector512.LoadUnsafe(ref gs, (nuint)i)) + Vector512.LoadUnsafe(ref bs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
                }
            }

            if (path != SimdPath.Scalar)
            {
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> h = (new Vector<float>(x[i..]) - new Vector<float>(mean[i..])) * new Vector<float>(inv[i..]);
                    h.CopyTo(xhat[i..]);
                    ((h * new Vector<float>(gamma[i..])) + new Vector<float>(beta[i..])).CopyTo(y[i..]);
                }
            }

            for (; i < n; i++)
            {
                float h = (x[i] - mean[i]) * inv[i];
                xhat[i] = h;
                y[i] = (h * gamma[i]) + beta[i];
            }
        }

        /// <summary>sumDy += dy; sumDyXhat += dy * xhat.</summary>
        public static void AccumulateGradientSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> xhat, Span<float> sumDy, Span<float> sumDyXhat) =>
            AccumulateGradientSums(dy, xhat, sumDy, sumDyXhat, Simd.Best);

        /// <inheritdoc cref="AccumulateGradientSums(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        public static void AccumulateGradientSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> xhat, Span<float> sumDy, Span<float> sumDyXhat, SimdPath path)
        {
            int n = dy.Length, i = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                ref float ds = ref MemoryMarshal.GetReference(dy);
                ref float hs = ref MemoryMarshal.GetReference(xhat);
                ref float s1 = ref MemoryMarshal.GetReference(sumDy);
                ref float s2 = ref MemoryMarshal.GetReference(sumDyXhat);
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> d = Vector512.LoadUnsafe(ref ds, (nuint)i);
                    (Vector512.LoadUnsafe(ref s1, (nuint)i) + d).StoreUnsafe(ref s1, (nuint)i);
                    ((d * Vector512.LoadUnsafe(ref hs, (nuint)i)) + Vector512.LoadUnsafe(ref s2, (nuint)i)).StoreUnsafe(ref s2, (nuint)i);
                }
            }

            if (path != SimdPath.Scalar)
            {
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var d = new Vector<float>(dy[i..]);
                    (new Vector<float>(sumDy[i..]) + d).CopyTo(sumDy[i..]);
                    ((d * new Vector<float>(xhat[i..])) + new Vector<float>(sumDyXhat[i..])).CopyTo(sumDyXhat[i..]);
                }
            }

            for (; i < n; i++)
            {
                sumDy[i] += dy[i];
                sumDyXhat[i] = (dy[i] * xhat[i]) + sumDyXhat[i];
            }
        }

        /// <summary>dx = ((dy - xhat * meanDyXhat) - meanDy) * scale.</summary>
        public static void InputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> xhat, ReadOnlySpan<float> meanDy, ReadOnlySpan<float> meanDyXhat, ReadOnlySpan<float> scale, Span<float> dx) =>
            InputGradient(dy, xhat, meanDy, meanDyXhat, scale, dx, Simd.Best);

        /// <inheritdoc cref="InputGradient(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void InputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> xhat, ReadOnlySpan<float> meanDy, ReadOnlySpan<float> meanDyXhat, ReadOnlySpan<float> scale, Span<float> dx, SimdPath path)
        {
            int n = dy.Length, i = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                ref float ds = ref MemoryMarshal.GetReference(dy);
                ref float hs = ref MemoryMarshal.GetReference(xhat);
                ref float m1 = ref MemoryMarshal.GetReference(meanDy);
                ref float m2 = ref MemoryMarshal.GetReference(meanDyXhat);
                ref float sc = ref MemoryMarshal.GetReference(scale);
                ref float xs = ref MemoryMarshal.GetReference(dx);
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> t = Vector512.LoadUnsafe(ref ds, (nuint)i) - (Vector512.LoadUnsafe(ref hs, (nuint)i) * Vector512.LoadUnsafe(ref m2, (nuint)i));
                    ((t - Vector512.LoadUnsafe(ref m1, (nuint)i)) * Vector512.LoadUnsafe(ref sc, (nuint)i)).StoreUnsafe(ref xs, (nuint)i);
                }
            }

            if (path != SimdPath.Scalar)
            {
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> t = new Vector<float>(dy[i..]) - (new Vector<float>(xhat[i..]) * new Vector<float>(meanDyXhat[i..]));
                    ((t - new Vector<float>(meanDy[i..])) * new Vector<float>(scale[i..])).CopyTo(dx[i..]);
                }
            }

            for (; i < n; i++)
            {
                dx[i] = ((dy[i] - (xhat[i] * meanDyXhat[i])) - meanDy[i]) * scale[i];
            }
        }
    }
}
