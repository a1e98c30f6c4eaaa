namespace MLNetDeep.TorchSharp.Tests.Training;

using MLNetDeep.Neural.Layers;

/// <summary>A layer the libtorch backend does not know: y = 2x.</summary>
internal sealed class Doubler : Layer
{
    private float[] _output = [];
    private float[] _gradient = [];

    /// <summary>Builds the layer; <paramref name="description"/>, when given, is what <see cref="Describe"/> answers.</summary>
    public Doubler(LayerSpec? description = null) => Description = description;

    public LayerSpec? Description { get; }

    public override string DisplayName => "Doubler";

    public override LayerSpec Describe() => Description ?? base.Describe();

    protected override int OnBuild(int inputSize) => inputSize;

    protected override void Allocate(int capacity)
    {
        _output = new float[capacity * InputSize];
        _gradient = new float[capacity * InputSize];
    }

    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // x [N,F] -> y [N,F] = 2x
        System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span, 2f, _output.AsSpan(0, batch * InputSize));
        return _output.AsMemory(0, batch * InputSize);
    }

    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,F] -> dx [N,F] = 2 dy
        System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Span, 2f, _gradient.AsSpan(0, batch * InputSize));
        return _gradient.AsMemory(0, batch * InputSize);
    }
}
