namespace MLNetDeep.Trainers.Knobs;

/// <summary>How a numeric sweep parameter is spread over its range (what "uniform" means for it).</summary>
public enum FeedForwardSweepScale
{
    /// <summary>Uniform in the value itself.</summary>
    Linear = 0,

    /// <summary>Uniform in log(value): alpha = 10^r with r uniform (the course's advice for learning rates and L2).</summary>
    Log = 1,

    /// <summary>Uniform in log(1 - value): beta = 1 - 10^r (the course's scale for averaging coefficients such as Adam's betas).</summary>
    OneMinusLog = 2,

    /// <summary>Powers of two only, uniform in the exponent (batch sizes, layer widths).</summary>
    PowerOfTwo = 3,
}
