namespace MLNetDeep.Neural.Layers;

/// <summary>Leaky rectified linear unit: <c>y = x</c> for <c>x &gt; 0</c>, else <c>slope * x</c>.</summary>
public sealed class LeakyRelu : ActivationLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="slope">The slope for negative inputs, in [0, 1). Default 0.01 (PyTorch's negative_slope).</param>
    public LeakyRelu(float slope = 0.01f)
    {
        if (!(slope >= 0f && slope < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "LeakyReLU slope must be in [0, 1).");
        }

        Slope = slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; }

    /// <inheritdoc/>
    public override string DisplayName => FormattableString.Invariant($"LeakyReLU({Slope})");

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0f ? v : Slope * v;
        }
    }

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        // y > 0 exactly when x > 0 (slope >= 0)
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : Slope * dy[i];
        }
    }
}
