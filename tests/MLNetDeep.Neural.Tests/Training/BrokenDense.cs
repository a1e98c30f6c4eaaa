namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>A Dense layer whose backward is deliberately wrong by a factor in one weight-gradient component.</summary>
internal sealed class BrokenDense : Layer
{
    private readonly Dense _inner;

    public BrokenDense(int units, float factor)
    {
        _inner = new Dense(units);
        Factor = factor;
    }

    public float Factor { get; }

    /// <summary>The corrupted component of W's gradient; -1 = the one of largest magnitude in each backward.</summary>
    public int Component { get; set; } = -1;

    /// <summary>The component corrupted by the last backward.</summary>
    public int LastComponent { get; private set; }

    /// <summary>The error the last backward added to that component.</summary>
    public float LastError { get; private set; }

    public override string DisplayName => "BrokenDense";

    public override IReadOnlyList<Parameter> Parameters => _inner.Parameters;

    public override void ResetParameters(Rng rng) => _inner.ResetParameters(rng);

    protected override int OnBuild(int inputSize)
    {
        _inner.Build(inputSize);
        return _inner.OutputSize;
    }

    protected override void Allocate(int capacity)
    {
    }

    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training) => _inner.Forward(input, batch, training);

    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        float[] g = _inner.Weight.Gradient;
        float[] before = (float[])g.Clone();
        ReadOnlyMemory<float> dx = _inner.Backward(outputGradient, batch, needInputGradient);
        int k = Component;
        if (k < 0)
        {
            k = 0;
            for (int i = 1; i < g.Length; i++)
            {
                if (Math.Abs(g[i] - before[i]) > Math.Abs(g[k] - before[k]))
                {
                    k = i;
                }
            }
        }

        LastError = (g[k] - before[k]) * (Factor - 1f);
        LastComponent = k;
        g[k] += LastError;
        return dx;
    }
}
