namespace MLNetDeep.Neural.Optimizers;

/// <summary>
/// The optimizer and its hyperparameters. The learning rate lives in the training options, since schedules change it.
/// Defaults follow the course and PyTorch: momentum beta 0.9; Adam beta1 0.9, beta2 0.999, epsilon 1e-8.
/// </summary>
public sealed record OptimizerOptions
{
    /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>Momentum's beta, in [0, 1). Default 0.9 (the course).</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Use Nesterov's look-ahead with momentum: <c>w -= alpha (beta v + (1 - beta) g)</c>; only with <see cref="OptimizerKind.Momentum"/> (another optimizer is refused). Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>RMSprop's beta (the squared-gradient average's decay), in [0, 1). Default 0.9 (Hinton's lecture, Keras' rho).</summary>
    public float RmsPropDecay { get; init; } = 0.9f;

    /// <summary>Adam's beta1, in [0, 1). Default 0.9.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam's beta2, in [0, 1). Default 0.999.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Added to the root of the squared-gradient average (RMSprop, Adam); positive. Default 1e-8.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>
    /// Decoupled weight decay <c>lambda</c>: before each update, weights (not biases or batch-norm parameters) shrink by
    /// <c>w -= alpha * lambda * w</c> (PyTorch's AdamW rule, applied by every optimizer). Non-negative.
    /// Default null: 0.01 for <see cref="OptimizerKind.AdamW"/>, 0 for the others.
    /// </summary>
    public float? WeightDecay { get; init; }

    /// <summary>The weight decay in effect.</summary>
    public float EffectiveWeightDecay => WeightDecay ?? (Kind == OptimizerKind.AdamW ? 0.01f : 0f);

    /// <summary>The state arrays the rule keeps per parameter (velocity; squared-gradient average; Adam's two moments), on either backend.</summary>
    internal int StateArraysPerParameter => Kind switch
    {
        OptimizerKind.GradientDescent => 0,
        OptimizerKind.Momentum or OptimizerKind.RmsProp => 1,
        _ => 2,
    };

    /// <summary>Checks every setting; throws an <see cref="ArgumentException"/> naming the option and the value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentException($"Optimizer is {(int)Kind}, which is not a known optimizer.", nameof(Kind));
        }

        if (Nesterov && Kind != OptimizerKind.Momentum)
        {
            throw new ArgumentException($"Nesterov is true but the optimizer is {Kind}; Nesterov's look-ahead applies to Momentum only (set the optimizer to Momentum, or Nesterov to false).", nameof(Nesterov));
        }

        Setting.Require(Momentum is >= 0f and < 1f, nameof(Momentum), Momentum, "in [0, 1)");
        Setting.Require(RmsPropDecay is >= 0f and < 1f, nameof(RmsPropDecay), RmsPropDecay, "in [0, 1)");
        Setting.Require(Beta1 is >= 0f and < 1f, nameof(Beta1), Beta1, "in [0, 1)");
        Setting.Require(Beta2 is >= 0f and < 1f, nameof(Beta2), Beta2, "in [0, 1)");
        Setting.Require(Epsilon > 0f && float.IsFinite(Epsilon), nameof(Epsilon), Epsilon, "positive and finite");
        Setting.Require(WeightDecay is not float wd || (wd >= 0f && float.IsFinite(wd)), nameof(WeightDecay), WeightDecay, "non-negative and finite");
    }

    /// <summary>Creates a fresh optimizer (no state yet).</summary>
    public Optimizer Create()
    {
        Validate();
        return new Optimizer(this);
    }
}
