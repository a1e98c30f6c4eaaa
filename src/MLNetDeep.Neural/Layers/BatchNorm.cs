namespace MLNetDeep.Neural.Layers;

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
    /// apart). Each body is written once over <see cref="IFloatLanes{TSelf}"/> and run by <see cref="Simd.Run"/> on 16
    /// columns at a time (32 for the column sums, two registers of sums) when the path is Vector512, then
    /// <see cref="Vector{T}"/> blocks, then one column at a time; so every width performs the same operations in the same
    /// order (no fused multiply-add, column sums in row order from +0) and the bits depend neither on the path nor on
    /// where a column falls. They equal the TensorPrimitives sequence the layer used before (subtract, multiply,
    /// multiply-add), which the tests keep as the plain twin. The column sums keep each column's running sum in a
    /// register over all the rows.
    /// </summary>
    internal static class Kernels
    {
        /// <summary>sum[c] = the sum over the rows of x[r, c], in row order from +0.</summary>
        public static void ColumnSums(float* x, int rows, nint stride, int w, float* sum, SimdPath path) =>
            Simd.Run(new ColumnSumsKernel(x, rows, stride, sum), w, path, pairs512: true);

        /// <summary>sum[c] = the sum over the rows of (x[r, c] - mean[c])^2, each term added as <c>(d * d) + sum</c>, in row order from +0.</summary>
        public static void ColumnSquaredDeviations(float* x, int rows, nint stride, int w, float* mean, float* sum, SimdPath path) =>
            Simd.Run(new ColumnSquaredDeviationsKernel(x, rows, stride, mean, sum), w, path, pairs512: true);

        /// <summary>xhat = (x - mean) * inv; y = xhat * gamma + beta, element by element.</summary>
        public static void Normalize(float* x, int rows, nint stride, int w, float* mean, float* inv, float* gamma, float* beta, float* xhat, float* y, SimdPath path) =>
            Simd.Run(new NormalizeKernel(x, rows, stride, mean, inv, gamma, beta, xhat, y), w, path);

        /// <summary>sumDy[c] = the sum over the rows of dy[r, c]; sumDyXhat[c] = that of dy * xhat, each term added as
        /// <c>(dy * xhat) + sum</c>; both in row order from +0.</summary>
        public static void GradientSums(float* dy, float* xhat, int rows, nint stride, int w, float* sumDy, float* sumDyXhat, SimdPath path) =>
            Simd.Run(new GradientSumsKernel(dy, xhat, rows, stride, sumDy, sumDyXhat), w, path);

        /// <summary>dx = ((dy - xhat * meanDyXhat) - meanDy) * scale, element by element.</summary>
        public static void InputGradient(float* dy, float* xhat, int rows, nint stride, int w, float* meanDy, float* meanDyXhat, float* scale, float* dx, SimdPath path) =>
            Simd.Run(new InputGradientKernel(dy, xhat, rows, stride, meanDy, meanDyXhat, scale, dx), w, path);

        /// <summary><see cref="ColumnSums"/>' body: x [rows, stride]  ->  sum [w].</summary>
        private readonly struct ColumnSumsKernel(float* x, int rows, nint stride, float* sum) : ISimdKernel
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public nint Run<T>(nint c, nint w)
                where T : unmanaged, IFloatLanes<T>
            {
                for (; c <= w - T.Count; c += T.Count)
                {
                    T a = T.Zero;
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        a += T.Load(p);
                    }

                    a.Store(sum + c);
                }

                return c;
            }
        }

        /// <summary><see cref="ColumnSquaredDeviations"/>' body: x [rows, stride]  mean [w]  ->  sum [w].</summary>
        private readonly struct ColumnSquaredDeviationsKernel(float* x, int rows, nint stride, float* mean, float* sum) : ISimdKernel
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public nint Run<T>(nint c, nint w)
                where T : unmanaged, IFloatLanes<T>
            {
                for (; c <= w - T.Count; c += T.Count)
                {
                    T a = T.Zero, m = T.Load(mean + c);
                    float* p = x + c;
                    for (int r = 0; r < rows; r++, p += stride)
                    {
                        T d = T.Load(p) - m;
                        a = (d * d) + a;
                    }

                    a.Store(sum + c);
                }

                return c;
            }
        }

        /// <summary><see cref="Normalize"/>'s body: x, xhat, y [rows, stride]  mean, inv, gamma, beta [w]; row by row, each row's columns from <c>c0</c>.</summary>
        private readonly struct NormalizeKernel(float* x, int rows, nint stride, float* mean, float* inv, float* gamma, float* beta, float* xhat, float* y) : ISimdKernel
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public nint Run<T>(nint c0, nint w)
                where T : unmanaged, IFloatLanes<T>
            {
                nint c = c0;
                for (nint o = 0; o < rows * stride; o += stride)
                {
                    float* xr = x + o, xhatr = xhat + o, yr = y + o; // the row's pointers, so the column loop adds only c (the scalar loop is 1.3x slower without)
                    for (c = c0; c <= w - T.Count; c += T.Count)
                    {
                        T h = (T.Load(xr + c) - T.Load(mean + c)) * T.Load(inv + c);
                        h.Store(xhatr + c);
                        ((h * T.Load(gamma + c)) + T.Load(beta + c)).Store(yr + c);
                    }
                }

                return c;
            }
        }

        /// <summary><see cref="GradientSums"/>' body: dy, xhat [rows, stride]  ->  sumDy, sumDyXhat [w].</summary>
        private readonly struct GradientSumsKernel(float* dy, float* xhat, int rows, nint stride, float* sumDy, float* sumDyXhat) : ISimdKernel
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public nint Run<T>(nint c, nint w)
                where T : unmanaged, IFloatLanes<T>
            {
                for (; c <= w - T.Count; c += T.Count)
                {
                    T a = T.Zero, b = T.Zero;
                    float* p = dy + c, q = xhat + c;
                    for (int r = 0; r < rows; r++, p += stride, q += stride)
                    {
                        T d = T.Load(p);
                        a += d;
                        b = (d * T.Load(q)) + b;
                    }

                    a.Store(sumDy + c);
                    b.Store(sumDyXhat + c);
                }

                return c;
            }
        }

        /// <summary><see cref="InputGradient"/>'s body: dy, xhat, dx [rows, stride]  meanDy, meanDyXhat, scale [w]; row by row, each row's columns from <c>c0</c>.</summary>
        private readonly struct InputGradientKernel(float* dy, float* xhat, int rows, nint stride, float* meanDy, float* meanDyXhat, float* scale, float* dx) : ISimdKernel
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public nint Run<T>(nint c0, nint w)
                where T : unmanaged, IFloatLanes<T>
            {
                nint c = c0;
                for (nint o = 0; o < rows * stride; o += stride)
                {
                    float* dyr = dy + o, xhatr = xhat + o, dxr = dx + o; // the row's pointers, as in NormalizeKernel
                    for (c = c0; c <= w - T.Count; c += T.Count)
                    {
                        T t = T.Load(dyr + c) - (T.Load(xhatr + c) * T.Load(meanDyXhat + c));
                        ((t - T.Load(meanDy + c)) * T.Load(scale + c)).Store(dxr + c);
                    }
                }

                return c;
            }
        }
    }
}
