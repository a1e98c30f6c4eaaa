namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;
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
public sealed class BatchNorm : Layer
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
        int f = InputSize;
        ReadOnlySpan<float> x = input.Span;
        Span<float> xhat = _normalized.AsSpan(0, batch * f);
        Span<float> y = _output.AsSpan(0, batch * f);
        Span<float> mean = _mean;
        Span<float> inv = _inverseStd;
        _lastForwardTraining = training;

        if (training)
        {
            // Two passes over the rows, in row order (deterministic): mean, then biased variance.
            mean.Clear();
            for (int r = 0; r < batch; r++)
            {
                TensorPrimitives.Add(mean, x.Slice(r * f, f), mean);
            }

            TensorPrimitives.Multiply(mean, 1f / batch, mean);
            inv.Clear();
            for (int r = 0; r < batch; r++)
            {
                Span<float> centered = xhat.Slice(r * f, f);
                TensorPrimitives.Subtract(x.Slice(r * f, f), mean, centered);
                TensorPrimitives.MultiplyAdd(centered, centered, inv, inv); // inv holds the sum of squares for now
            }

            float unbiased = batch > 1 ? 1f / (batch - 1) : 1f;
            float m = Momentum;
            for (int j = 0; j < f; j++)
            {
                float sumSquares = inv[j];
                float variance = sumSquares / batch;
                _runningMean[j] = (1f - m) * _runningMean[j] + m * mean[j];
                _runningVariance[j] = (1f - m) * _runningVariance[j] + m * (batch > 1 ? sumSquares * unbiased : variance);
                inv[j] = 1f / MathF.Sqrt(variance + Epsilon);
            }

            for (int r = 0; r < batch; r++)
            {
                Span<float> row = xhat.Slice(r * f, f);
                TensorPrimitives.Multiply(row, inv, row);
            }
        }
        else
        {
            for (int j = 0; j < f; j++)
            {
                inv[j] = 1f / MathF.Sqrt(_runningVariance[j] + Epsilon);
            }

            for (int r = 0; r < batch; r++)
            {
                Span<float> row = xhat.Slice(r * f, f);
                TensorPrimitives.Subtract(x.Slice(r * f, f), _runningMean, row);
                TensorPrimitives.Multiply(row, inv, row);
            }
        }

        for (int r = 0; r < batch; r++)
        {
            TensorPrimitives.MultiplyAdd(xhat.Slice(r * f, f), Gamma.Value, Beta.Value, y.Slice(r * f, f));
        }

        return _output.AsMemory(0, batch * f);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F]  xhat [N,F]  ->  dgamma [F] += sum dy*xhat   dbeta [F] += sum dy
        //   training:  dx = gamma * inv / N * (N*dy - sum(dy) - xhat * sum(dy*xhat))
        //   inference: dx = gamma * inv * dy
        int f = InputSize;
        ReadOnlySpan<float> dy = outputGradient.Span;
        ReadOnlySpan<float> xhat = _normalized.AsSpan(0, batch * f);
        Span<float> sumDy = _sumDy;
        Span<float> sumDyXhat = _sumDyXhat;
        sumDy.Clear();
        sumDyXhat.Clear();
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> dyr = dy.Slice(r * f, f);
            TensorPrimitives.Add(sumDy, dyr, sumDy);
            TensorPrimitives.MultiplyAdd(dyr, xhat.Slice(r * f, f), sumDyXhat, sumDyXhat);
        }

        TensorPrimitives.Add(Gamma.Gradient, sumDyXhat, Gamma.Gradient);
        TensorPrimitives.Add(Beta.Gradient, sumDy, Beta.Gradient);
        if (!needInputGradient)
        {
            return ReadOnlyMemory<float>.Empty;
        }

        Span<float> dx = _inputGradient.AsSpan(0, batch * f);
        Span<float> scale = _mean; // reuse as gamma * inv (the mean is not needed by backward)
        TensorPrimitives.Multiply(Gamma.Value, _inverseStd, scale);
        if (_lastForwardTraining)
        {
            float invN = 1f / batch;
            TensorPrimitives.Multiply(sumDy, invN, sumDy);
            TensorPrimitives.Multiply(sumDyXhat, invN, sumDyXhat);
            for (int r = 0; r < batch; r++)
            {
                Span<float> dxr = dx.Slice(r * f, f);
                // dxr = dy - mean(dy) - xhat * mean(dy*xhat), then * gamma * inv
                TensorPrimitives.Multiply(xhat.Slice(r * f, f), sumDyXhat, dxr);
                TensorPrimitives.Subtract(dy.Slice(r * f, f), dxr, dxr);
                TensorPrimitives.Subtract(dxr, sumDy, dxr);
                TensorPrimitives.Multiply(dxr, scale, dxr);
            }
        }
        else
        {
            for (int r = 0; r < batch; r++)
            {
                TensorPrimitives.Multiply(dy.Slice(r * f, f), scale, dx.Slice(r * f, f));
            }
        }

        return _inputGradient.AsMemory(0, batch * f);
    }
}
