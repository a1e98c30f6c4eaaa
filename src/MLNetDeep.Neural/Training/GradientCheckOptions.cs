namespace MLNetDeep.Neural.Training;

/// <summary>Settings of <see cref="GradientChecker"/>.</summary>
/// <remarks>
/// The network computes in float32, so the course's float64 settings (epsilon 1e-7, threshold 2e-7) do not carry over:
/// a float32 cost is only good to about 1e-7 relative, and dividing that rounding by 2 epsilon is the noise floor of a
/// numerical gradient. Epsilon 1e-3 keeps that floor near 1e-4 while the truncation error (epsilon^2) stays far below it.
/// </remarks>
public sealed record GradientCheckOptions
{
    /// <summary>The perturbation of each parameter (float32). Default 1e-3.</summary>
    public float Epsilon { get; init; } = 1e-3f;

    /// <summary>The L2 lambda whose cost term (lambda/(2m) sum W^2) and gradient are included. Default 0.</summary>
    public float L2Regularization { get; init; }

    /// <summary>
    /// Per-class multipliers of the rows' weights, as <see cref="TrainingOptions.ClassWeights"/> weighs training rows, so
    /// the cost checked is the one trained. Default null: every class weighs 1.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>The largest overall difference <c>||g - g~|| / (||g|| + ||g~||)</c> that passes. Default 1e-3 (float32).</summary>
    public double Threshold { get; init; } = 1e-3;

    /// <summary>
    /// A component passes when <c>|g - g~| &lt;= AbsoluteTolerance + RelativeTolerance * max(|g|, |g~|)</c>.
    /// Default 1e-3: a component whose backward is off by 1% (relative error 1e-2) fails when its gradient is larger than
    /// about 0.02 (above the float32 noise floor set by <see cref="AbsoluteTolerance"/>).
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-3;

    /// <summary>The absolute part of the component test, above float32 rounding noise. Default 2e-4.</summary>
    public double AbsoluteTolerance { get; init; } = 2e-4;

    /// <summary>Check at most this many components per parameter tensor, drawn with the seed; null checks all. Default null.</summary>
    public int? MaxComponentsPerParameter { get; init; }

    /// <summary>Seed for the dropout mask and the component sample. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>How many of the worst components the report lists. Default 10.</summary>
    public int WorstCount { get; init; } = 10;
}
