namespace MLNetDeep.Neural.Numerics;

/// <summary>The purposes for which independent random streams are derived from one seed (see <see cref="Rng.Derive"/>).</summary>
public static class RngStreams
{
    /// <summary>Weight initialization; index = layer position.</summary>
    public const ulong Initialization = 1;

    /// <summary>Mini-batch shuffling; index = epoch.</summary>
    public const ulong Shuffle = 2;

    /// <summary>Dropout masks; index = epoch.</summary>
    public const ulong Dropout = 3;

    /// <summary>Splitting off a validation or test set; index = 0.</summary>
    public const ulong Split = 4;

    /// <summary>Sampling parameters for gradient checking; index = 0.</summary>
    public const ulong GradientCheck = 5;

    /// <summary>Synthetic data sets; index = data set kind.</summary>
    public const ulong Data = 6;
}
