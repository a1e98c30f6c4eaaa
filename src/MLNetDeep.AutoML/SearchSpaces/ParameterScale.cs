namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>How a numeric parameter is spread over its unit-cube coordinate (what "uniform" means for it).</summary>
public enum ParameterScale
{
    /// <summary>Uniform in the value itself.</summary>
    Linear = 0,

    /// <summary>Uniform in log(value): alpha = 10^r with r uniform (the course's advice for learning rates and L2). Needs min &gt; 0.</summary>
    Log = 1,

    /// <summary>
    /// Uniform in log(1 - value): beta = 1 - 10^r with r uniform, for averaging coefficients such as momentum and Adam's
    /// betas (the course's scale: beta in [0.9, 0.999] spends as many samples on [0.99, 0.999] as on [0.9, 0.99]).
    /// Floats only; needs max &lt; 1.
    /// </summary>
    OneMinusLog = 2,

    /// <summary>Powers of two only, uniform in the exponent (batch sizes, layer widths). Integers only; min and max must be powers of two.</summary>
    PowerOfTwo = 3,
}
