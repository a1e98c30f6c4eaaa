namespace MLNetDeep.Neural.Layers;

/// <summary>The identity activation <c>y = x</c> (a linear layer's output left as is).</summary>
public sealed class Identity : ActivationLayer
{
    /// <inheritdoc/>
    public override string DisplayName => "Identity";

    /// <summary>Kind <c>Identity</c> v1: no settings or tensors; the identity at inference.</summary>
    public override LayerSpec Describe() => new() { Kind = "Identity", Version = 1, Inference = LayerOperator.Identity };

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y, int batch) => x.CopyTo(y);

    private protected override void Derive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch) => dy.CopyTo(dx);
}
