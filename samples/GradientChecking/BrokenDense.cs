namespace MLNetDeep.Samples.GradientChecking;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// A deliberately broken fully connected layer for the gradient-checking demonstration: a real <see cref="Dense"/>
/// whose backward pass gets one component of the weight gradient wrong by a factor (1% too large by default), the
/// kind of bug gradient checking exists to catch.
/// </summary>
/// <remarks>
/// The forward pass and every other gradient are exactly the wrapped layer's. Only this backward pass's contribution
/// to <c>dW[component]</c> is scaled; what was already in the gradient (for example the L2 term) is left as it was.
/// Initialized from the same generator draws, it has the same weights as a plain <see cref="Dense"/> at the same
/// position in a network.
/// </remarks>
public sealed class BrokenDense : Layer
{
    private readonly Dense _inner;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">Output width.</param>
    /// <param name="initializer">How W is drawn (passed to the wrapped <see cref="Dense"/>).</param>
    /// <param name="component">The flat (row-major) index in <c>W [in, out]</c> whose gradient is wrong.</param>
    /// <param name="factor">What that component's back-propagated gradient is multiplied by. Default 1.01 (off by 1%).</param>
    public BrokenDense(int units, Initializer initializer, int component, float factor = 1.01f)
    {
        _inner = new Dense(units, initializer);
        Component = component;
        Factor = factor;
    }

    /// <summary>The flat index in W whose gradient is wrong.</summary>
    public int Component { get; }

    /// <summary>The factor applied to that component's back-propagated gradient.</summary>
    public float Factor { get; }

    /// <inheritdoc/>
    public override string DisplayName => $"BrokenDense({_inner.Units})";

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => _inner.Parameters;

    /// <inheritdoc/>
    public override void ResetParameters(Rng rng) => _inner.ResetParameters(rng);

    /// <inheritdoc/>
    protected override int OnBuild(int inputSize)
    {
        _inner.Build(inputSize);
        if (Component < 0 || Component >= _inner.Weight.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(Component), Component, $"W has {_inner.Weight.Length} components.");
        }

        return _inner.OutputSize;
    }

    /// <inheritdoc/>
    protected override void Allocate(int capacity)
    {
        // The wrapped Dense allocates its own buffers on its first Forward of a larger batch.
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // x [N,in]  ->  y [N,out], exactly the wrapped Dense
        _inner.Threads = Threads;
        return _inner.Forward(input, batch, training);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,out]  ->  dx [N,in]; dW [in,out] += x^T dy, except dW[Component] += Factor * (x^T dy)[Component]
        float[] dW = _inner.Weight.Gradient;
        float before = dW[Component];
        ReadOnlyMemory<float> dx = _inner.Backward(outputGradient, batch, needInputGradient);
        dW[Component] = before + (Factor * (dW[Component] - before));
        return dx;
    }
}
