namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;
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

    /// <summary>
    /// Kind <c>BatchNorm</c> v1: settings <c>momentum</c> and <c>epsilon</c>; tensors <c>scale</c> (gamma) and
    /// <c>bias</c> (beta), then the state <c>mean</c> and <c>var</c>, each <c>[F]</c>; at inference the ONNX
    /// <c>BatchNormalization</c> with its <c>epsilon</c>.
    /// </summary>
    public override LayerSpec Describe() => new()
    {
        Kind = "BatchNorm",
        Version = 1,
        Settings = new Dictionary<string, double> { ["momentum"] = Momentum, ["epsilon"] = Epsilon },
        Tensors =
        [
            new LayerTensor("scale", [InputSize], Gamma.Value),
            new LayerTensor("bias", [InputSize], Beta.Value),
            new LayerTensor("mean", [InputSize], _runningMean, isState: true),
            new LayerTensor("var", [InputSize], _runningVariance, isState: true),
        ],
        Inference = new LayerOperator("BatchNormalization", ["scale", "bias", "mean", "var"], new Dictionary<string, float> { ["epsilon"] = Epsilon }),
    };

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
            Workers.Run(&ForwardPart, &job, job.Parts, Threads);
        }

        return _output.AsMemory(0, batch * InputSize);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F]  xhat [N,F]  ->  dgamma [F] += sum dy*xhat   dbeta [F] += sum dy   (= when OverwriteGradients)
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
                Features = InputSize, Training = _lastForwardTraining, Parts = Parts(batch), Overwrite = OverwriteGradients,
            };
            Workers.Run(&BackwardPart, &job, job.Parts, Threads);
        }

        return needInputGradient ? _inputGradient.AsMemory(0, batch * InputSize) : ReadOnlyMemory<float>.Empty;
    }

    /// <summary>Column-split parts: one per thread when each gets a few thousand elements, else one.</summary>
    private int Parts(int batch) => InputSize < 2 * Vector<float>.Count ? 1 : Workers.Parts((long)batch * InputSize, Threads, 8192);

    private static void ForwardPart(void* state, int part)
    {
        // x, xhat, y [N,F]: this part's columns c0 .. c0+w of every row
        ref Job j = ref *(Job*)state;
        (int c0, int w) = Workers.Range(j.Features, j.Parts, part, 16);
        if (w == 0)
        {
            return;
        }

        int f = j.Features, batch = j.Batch;
        SimdPath path = Simd.Best;
        float* mean = j.Mean + c0;
        float* inv = j.Inv + c0;
        if (j.Training)
        {
            // Two passes over the rows, each column in row order: the mean, then the biased variance from centred squares.
            Kernels.ColumnSums(j.X + c0, batch, f, w, mean, path);
            TensorPrimitives.Multiply(new ReadOnlySpan<float>(mean, w), 1f / batch, new Span<float>(mean, w));
            Kernels.ColumnSquaredDeviations(j.X + c0, batch, f, w, mean, inv, path); // inv holds the sum of squares until the loop below
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

        Kernels.Normalize(j.X + c0, batch, f, w, mean, inv, j.Gamma + c0, j.Beta + c0, j.Xhat + c0, j.Y + c0, path);
    }

    private static void BackwardPart(void* state, int part)
    {
        // dy, xhat, dx [N,F]: this part's columns c0 .. c0+w of every row
        ref Job j = ref *(Job*)state;
        (int c0, int w) = Workers.Range(j.Features, j.Parts, part, 16);
        if (w == 0)
        {
            return;
        }

        int f = j.Features, batch = j.Batch;
        SimdPath path = Simd.Best;
        float* sumDy = j.SumDy + c0;
        float* sumDyXhat = j.SumDyXhat + c0;
        Kernels.GradientSums(j.Dy + c0, j.Xhat + c0, batch, f, w, sumDy, sumDyXhat, path);
        var dGamma = new Span<float>(j.DGamma + c0, w);
        var dBeta = new Span<float>(j.DBeta + c0, w);
        if (j.Overwrite)
        {
            new ReadOnlySpan<float>(sumDyXhat, w).CopyTo(dGamma);
            new ReadOnlySpan<float>(sumDy, w).CopyTo(dBeta);
        }
        else
        {
            TensorPrimitives.Add(dGamma, new ReadOnlySpan<float>(sumDyXhat, w), dGamma);
            TensorPrimitives.Add(dBeta, new ReadOnlySpan<float>(sumDy, w), dBeta);
        }
        if (j.Dx is null)
        {
            return;
        }

        var scale = new Span<float>(j.Mean + c0, w);
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(j.Gamma + c0, w), new ReadOnlySpan<float>(j.Inv + c0, w), scale);
        if (j.Training)
        {
            float invN = 1f / batch;
            TensorPrimitives.Multiply(new ReadOnlySpan<float>(sumDy, w), invN, new Span<float>(sumDy, w));
            TensorPrimitives.Multiply(new ReadOnlySpan<float>(sumDyXhat, w), invN, new Span<float>(sumDyXhat, w));
            Kernels.InputGradient(j.Dy + c0, j.Xhat + c0, batch, f, w, sumDy, sumDyXhat, j.Mean + c0, j.Dx + c0, path);
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
        public bool Overwrite;
        public int Parts;
    }

    /// <summary>
    /// The fused kernels over a block of columns (<c>w</c> columns of <c>rows</c> rows, rows <c>stride</c> floats
    /// apart). Each has a Vector512 loop (16 columns at a time, when the path is Vector512), a <see cref="Vector{T}"/>
    /// loop and a scalar loop for the last columns; every loop performs exactly the scalar loop's operations in the same
    /// order (no fused multiply-add, column sums in row order from +0), so the bits depend neither on the path nor on
    /// where a column falls. They equal the TensorPrimitives sequence the layer used before (subtract, multiply,
    /// multiply-add), which the tests keep as the plain twin. The column sums keep each column's running sum in a
    /// register over all the rows.
    /// </summary>
    internal static class Kernels
    {
        /// <summary>sum[c] = the sum over the rows of x[r, c], in row order from +0.</summary>
        public static void ColumnSums(float* x, int rows, nint stride, int w, float* sum, SimdPath path)
        {
            // x [rows, stride] (w columns used)  ->  sum [w]
            int c = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                for (; c + 32 <= w; c += 32)
                {
                    Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        a0 += Vector512.Load(p);
                        a1 += Vector512.Load(p + 16);
                    }

                    a0.Store(sum + c);
                    a1.Store(sum + c + 16);
                }

                for (; c + 16 <= w; c += 16)
                {
                    Vector512<float> a0 = Vector512<float>.Zero;
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        a0 += Vector512.Load(p);
                    }

                    a0.Store(sum + c);
                }
            }

            if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            {
                for (; c + Vector<float>.Count <= w; c += Vector<float>.Count)
                {
                    Vector<float> a0 = Vector<float>.Zero;
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        a0 += Vector.Load(p);
                    }

                    a0.Store(sum + c);
                }
            }

            for (; c < w; c++)
            {
                float a0 = 0f;
                float* p = x + c;
                for (int r = 0; r < rows; r++, p += stride)
                {
                    a0 += *p;
                }

                sum[c] = a0;
            }
        }

        /// <summary>sum[c] = the sum over the rows of (x[r, c] - mean[c])^2, each term added as <c>(d * d) + sum</c>, in row order from +0.</summary>
        public static void ColumnSquaredDeviations(float* x, int rows, nint stride, int w, float* mean, float* sum, SimdPath path)
        {
            // x [rows, stride] (w columns used)  mean [w]  ->  sum [w]
            int c = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                for (; c + 32 <= w; c += 32)
                {
                    Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
                    Vector512<float> m0 = Vector512.Load(mean + c), m1 = Vector512.Load(mean + c + 16);
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        Vector512<float> d0 = Vector512.Load(p) - m0;
                        Vector512<float> d1 = Vector512.Load(p + 16) - m1;
                        a0 = (d0 * d0) + a0;
                        a1 = (d1 * d1) + a1;
                    }

                    a0.Store(sum + c);
                    a1.Store(sum + c + 16);
                }

                for (; c + 16 <= w; c += 16)
                {
                    Vector512<float> a0 = Vector512<float>.Zero;
                    Vector512<float> m0 = Vector512.Load(mean + c);
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        Vector512<float> d0 = Vector512.Load(p) - m0;
                        a0 = (d0 * d0) + a0;
                    }

                    a0.Store(sum + c);
                }
            }

            if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            {
                for (; c + Vector<float>.Count <= w; c += Vector<float>.Count)
                {
                    Vector<float> a0 = Vector<float>.Zero;
                    Vector<float> m0 = Vector.Load(mean + c);
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        Vector<float> d0 = Vector.Load(p) - m0;
                        a0 = (d0 * d0) + a0;
                    }

                    a0.Store(sum + c);
                }
            }

            for (; c < w; c++)
            {
                float a0 = 0f, m0 = mean[c];
                float* p = x + c;
                for (int r = 0; r < rows; r++, p += stride)
                {
                    float d0 = *p - m0;
                    a0 = (d0 * d0) + a0;
                }

                sum[c] = a0;
            }
        }

        /// <summary>xhat = (x - mean) * inv; y = xhat * gamma + beta, element by element.</summary>
        public static void Normalize(float* x, int rows, nint stride, int w, float* mean, float* inv, float* gamma, float* beta, float* xhat, float* y, SimdPath path)
        {
            // x, xhat, y [rows, stride] (w columns used)  mean, inv, gamma, beta [w]
            for (int r = 0; r < rows; r++)
            {
                nint o = r * stride;
                int c = 0;
                if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
                {
                    for (; c + 16 <= w; c += 16)
                    {
                        Vector512<float> h = (Vector512.Load(x + o + c) - Vector512.Load(mean + c)) * Vector512.Load(inv + c);
                        h.Store(xhat + o + c);
                        ((h * Vector512.Load(gamma + c)) + Vector512.Load(beta + c)).Store(y + o + c);
                    }
                }

                if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
                {
                    for (; c + Vector<float>.Count <= w; c += Vector<float>.Count)
                    {
                        Vector<float> h = (Vector.Load(x + o + c) - Vector.Load(mean + c)) * Vector.Load(inv + c);
                        h.Store(xhat + o + c);
                        ((h * Vector.Load(gamma + c)) + Vector.Load(beta + c)).Store(y + o + c);
                    }
                }

                for (; c < w; c++)
                {
                    float h = (x[o + c] - mean[c]) * inv[c];
                    xhat[o + c] = h;
                    y[o + c] = (h * gamma[c]) + beta[c];
                }
            }
        }

        /// <summary>sumDy[c] = the sum over the rows of dy[r, c]; sumDyXhat[c] = that of dy * xhat, each term added as
        /// <c>(dy * xhat) + sum</c>; both in row order from +0.</summary>
        public static void GradientSums(float* dy, float* xhat, int rows, nint stride, int w, float* sumDy, float* sumDyXhat, SimdPath path)
        {
            // dy, xhat [rows, stride] (w columns used)  ->  sumDy, sumDyXhat [w]
            int c = 0;
            if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            {
                for (; c + 16 <= w; c += 16)
                {
                    Vector512<float> a0 = Vector512<float>.Zero, b0 = Vector512<float>.Zero;
                    float* p = dy + c, q = xhat + c;
                    for (int r = 0; r < rows; r++, p += stride, q += stride)
                    {
                        Vector512<float> d = Vector512.Load(p);
                        a0 += d;
                        b0 = (d * Vector512.Load(q)) + b0;
                    }

                    a0.Store(sumDy + c);
                    b0.Store(sumDyXhat + c);
                }
            }

            if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            {
                for (; c + Vector<float>.Count <= w; c += Vector<float>.Count)
                {
                    Vector<float> a0 = Vector<float>.Zero, b0 = Vector<float>.Zero;
                    float* p = dy + c, q = xhat + c;
                    for (int r = 0; r < rows; r++, p += stride, q += stride)
                    {
                        Vector<float> d = Vector.Load(p);
                        a0 += d;
                        b0 = (d * Vector.Load(q)) + b0;
                    }

                    a0.Store(sumDy + c);
                    b0.Store(sumDyXhat + c);
                }
            }

            for (; c < w; c++)
            {
                float a0 = 0f, b0 = 0f;
                float* p = dy + c, q = xhat + c;
                for (int r = 0; r < rows; r++, p += stride, q += stride)
                {
                    a0 += *p;
                    b0 = (*p * *q) + b0;
                }

                sumDy[c] = a0;
                sumDyXhat[c] = b0;
            }
        }

        /// <summary>dx = ((dy - xhat * meanDyXhat) - meanDy) * scale, element by element.</summary>
        public static void InputGradient(float* dy, float* xhat, int rows, nint stride, int w, float* meanDy, float* meanDyXhat, float* scale, float* dx, SimdPath path)
        {
            // dy, xhat, dx [rows, stride] (w columns used)  meanDy, meanDyXhat, scale [w]
            for (int r = 0; r < rows; r++)
            {
                nint o = r * stride;
                int c = 0;
                if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
                {
                    for (; c + 16 <= w; c += 16)
                    {
                        Vector512<float> t = Vector512.Load(dy + o + c) - (Vector512.Load(xhat + o + c) * Vector512.Load(meanDyXhat + c));
                        ((t - Vector512.Load(meanDy + c)) * Vector512.Load(scale + c)).Store(dx + o + c);
                    }
                }

                if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
                {
                    for (; c + Vector<float>.Count <= w; c += Vector<float>.Count)
                    {
                        Vector<float> t = Vector.Load(dy + o + c) - (Vector.Load(xhat + o + c) * Vector.Load(meanDyXhat + c));
                        ((t - Vector.Load(meanDy + c)) * Vector.Load(scale + c)).Store(dx + o + c);
                    }
                }

                for (; c < w; c++)
                {
                    dx[o + c] = ((dy[o + c] - (xhat[o + c] * meanDyXhat[c])) - meanDy[c]) * scale[c];
                }
            }
        }
    }
}
