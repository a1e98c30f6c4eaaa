namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Inverted dropout: in training each unit is zeroed with probability <see cref="Rate"/> and the survivors are scaled
/// by <c>1 / keep_prob</c> (<c>keep_prob = 1 - rate</c>), so inference is the identity and needs no rescaling.
/// </summary>
/// <remarks>
/// The mask is drawn from the generator the network hands the layer (one stream per epoch, derived from the seed),
/// so runs are reproducible. Never active at inference.
/// </remarks>
public sealed unsafe class Dropout : Layer
{
    private float[] _mask = [];
    private float[] _output = [];
    private float[] _inputGradient = [];
    private bool _lastForwardTraining;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="rate">Probability of dropping a unit, in [0, 1). The course's keep_prob 0.86 is rate 0.14.</param>
    public Dropout(float rate)
    {
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout rate must be in [0, 1) (it is the probability of dropping; keep_prob = 1 - rate).");
        }

        Rate = rate;
    }

    /// <summary>The probability of dropping a unit.</summary>
    public float Rate { get; }

    /// <inheritdoc/>
    public override string DisplayName => FormattableString.Invariant($"Dropout({Rate})");

    /// <summary>Kind <c>Dropout</c> v1: setting <c>rate</c>; no tensors; the identity at inference.</summary>
    public override LayerSpec Describe() => new()
    {
        Kind = "Dropout",
        Version = 1,
        Settings = new Dictionary<string, double> { ["rate"] = Rate },
        Inference = LayerOperator.Identity,
    };

    /// <summary>The generator masks are drawn from; the network sets it (one stream per epoch).</summary>
    internal Rng? Generator { get; set; }

    /// <summary>When true, training forwards reuse the last mask (gradient checking holds the mask fixed).</summary>
    internal bool FreezeMask { get; set; }

    /// <inheritdoc/>
    protected override int OnBuild(int inputSize) => inputSize;

    /// <inheritdoc/>
    protected override void Allocate(int capacity)
    {
        _mask = new float[capacity * InputSize];
        _output = new float[capacity * InputSize];
        _inputGradient = new float[capacity * InputSize];
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // x [N,F]  mask [N,F] in {0, 1/keep}  ->  y [N,F] = x * mask (training), x (inference)
        _lastForwardTraining = training && Rate > 0f;
        if (!_lastForwardTraining)
        {
            return input;
        }

        int count = batch * InputSize;
        Span<float> mask = _mask.AsSpan(0, count);
        if (!FreezeMask)
        {
            Rng rng = Generator ?? throw new InvalidOperationException("Dropout has no generator: run it inside a Network, which seeds one per epoch.");
            // mask[i] = rng.NextSingle() < Rate ? 0 : scale, one draw per element in order (the plain loop is the tests' twin)
            rng.FillDropoutMask(mask, Rate, 1f / (1f - Rate));
        }

        Multiply(input.Span, mask, _output.AsSpan(0, count), Threads);
        return _output.AsMemory(0, count);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F] -> dx [N,F] = dy * mask
        if (!needInputGradient)
        {
            return ReadOnlyMemory<float>.Empty;
        }

        if (!_lastForwardTraining)
        {
            return outputGradient;
        }

        int count = batch * InputSize;
        Multiply(outputGradient.Span, _mask.AsSpan(0, count), _inputGradient.AsSpan(0, count), Threads);
        return _inputGradient.AsMemory(0, count);
    }

    /// <summary>z = x * mask, split over the threads by element ranges (element-wise: the same bits for any split).</summary>
    private static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, Span<float> z, int threads)
    {
        fixed (float* px = x)
        fixed (float* pm = mask)
        fixed (float* pz = z)
        {
            Elementwise.Run(&MultiplyRange, px, pm, pz, x.Length, threads);
        }
    }

    private static void MultiplyRange(float* x, float* mask, float* z, int length) =>
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(x, length), new ReadOnlySpan<float>(mask, length), new Span<float>(z, length));
}
