namespace MLNetDeep.Neural.Layers;

/// <summary>
/// Shared plumbing of the element-wise (and row-wise) activation layers: the output width equals the input width,
/// there are no parameters, and the output and input-gradient buffers are owned here.
/// </summary>
public abstract class ActivationLayer : Layer
{
    private float[] _output = [];
    private float[] _inputGradient = [];

    private protected ActivationLayer()
    {
    }

    /// <summary>The output buffer of the last Forward (<c>[N, width]</c>).</summary>
    private protected Span<float> Output(int batch) => _output.AsSpan(0, batch * OutputSize);

    /// <summary>
    /// Whether the function has a kink at 0 with its output positive exactly when its input is (ReLU, leaky ReLU), so
    /// that <see cref="LastOutput"/>'s signs tell which side of the kink each input was on (gradient checking).
    /// </summary>
    internal virtual bool KinkAtZero => false;

    /// <summary>The output of the last Forward over <paramref name="batch"/> rows.</summary>
    internal ReadOnlySpan<float> LastOutput(int batch) => _output.AsSpan(0, batch * OutputSize);

    /// <inheritdoc/>
    protected sealed override int OnBuild(int inputSize) => inputSize;

    /// <inheritdoc/>
    protected sealed override void Allocate(int capacity)
    {
        _output = new float[capacity * InputSize];
        _inputGradient = new float[capacity * InputSize];
    }

    /// <inheritdoc/>
    protected sealed override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // x [N,F] -> y [N,F]
        int count = batch * InputSize;
        if (BatchInvariant && batch > 1)
        {
            // Row by row, so each row meets the same vector/scalar split as when it is scored alone.
            int f = InputSize;
            ReadOnlySpan<float> x = input.Span;
            Span<float> y = _output.AsSpan(0, count);
            for (int r = 0; r < batch; r++)
            {
                Apply(x.Slice(r * f, f), y.Slice(r * f, f), 1);
            }
        }
        else
        {
            Apply(input.Span, _output.AsSpan(0, count), batch);
        }

        return _output.AsMemory(0, count);
    }

    /// <inheritdoc/>
    protected sealed override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F] -> dx [N,F]
        if (!needInputGradient)
        {
            return ReadOnlyMemory<float>.Empty;
        }

        int count = batch * InputSize;
        Derive(_output.AsSpan(0, count), outputGradient.Span, _inputGradient.AsSpan(0, count), batch);
        return _inputGradient.AsMemory(0, count);
    }

    /// <summary>Computes y = f(x). <c>x [N,F]  y [N,F]</c>.</summary>
    private protected abstract void Apply(ReadOnlySpan<float> x, Span<float> y, int batch);

    /// <summary>Computes dx from the cached output y and dy. <c>y, dy, dx [N,F]</c>.</summary>
    private protected abstract void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch);
}
