namespace MLNetDeep.Neural.Initializers;

using MLNetDeep.Neural.Numerics;

/// <summary>
/// How a Dense layer's weights are drawn. Biases always start at zero. Every draw comes from the seeded generator.
/// </summary>
/// <remarks>
/// Normal variants draw from an untruncated normal, as the course's <c>np.random.randn(...) * scale</c> does
/// (Keras truncates its He/Glorot normals at two standard deviations; we do not).
/// <c>fanIn</c> is the layer's input width and <c>fanOut</c> its output width.
/// </remarks>
public abstract record Initializer
{
    private protected Initializer()
    {
    }

    /// <summary>All weights zero: every unit of a layer stays identical, so the network cannot break symmetry (the course's first experiment).</summary>
    public static Initializer Zeros { get; } = new ZerosInitializer();

    /// <summary>He normal: N(0, 2/fanIn), the course's and Keras' default for ReLU layers.</summary>
    public static Initializer HeNormal { get; } = new HeNormalInitializer();

    /// <summary>He uniform: U(-sqrt(6/fanIn), sqrt(6/fanIn)).</summary>
    public static Initializer HeUniform { get; } = new HeUniformInitializer();

    /// <summary>Glorot (Xavier) normal: N(0, 2/(fanIn + fanOut)).</summary>
    public static Initializer GlorotNormal { get; } = new GlorotNormalInitializer();

    /// <summary>Glorot (Xavier) uniform: U(-sqrt(6/(fanIn + fanOut)), +sqrt(6/(fanIn + fanOut))); the default for tanh and sigmoid layers.</summary>
    public static Initializer GlorotUniform { get; } = new GlorotUniformInitializer();

    /// <summary>LeCun normal: N(0, 1/fanIn).</summary>
    public static Initializer LeCunNormal { get; } = new LeCunNormalInitializer();

    /// <summary>A normal with a fixed standard deviation: N(0, stddev^2). The course's "large random" initialization is <c>RandomNormal(10)</c>.</summary>
    /// <param name="standardDeviation">The standard deviation; must be positive and finite.</param>
    public static Initializer RandomNormal(float standardDeviation)
    {
        if (!(standardDeviation > 0f) || !float.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "RandomNormal standard deviation must be positive and finite.");
        }

        return new RandomNormalInitializer(standardDeviation);
    }

    /// <summary>The name used in reports, model files and on the command line (<c>he</c>, <c>glorot-uniform</c>, <c>random-normal(10)</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>Parses a name as produced by <see cref="Name"/> (case-insensitive); also accepts <c>xavier</c> for Glorot uniform and <c>large</c> for <c>random-normal(10)</c>.</summary>
    /// <exception cref="FormatException">The name is not one of the known initializers; the message lists them.</exception>
    public static Initializer Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string s = name.Trim().ToLowerInvariant();
        switch (s)
        {
            case "zeros": case "zero": return Zeros;
            case "he": case "he-normal": case "henormal": return HeNormal;
            case "he-uniform": case "heuniform": return HeUniform;
            case "glorot": case "xavier": case "glorot-uniform": case "glorotuniform": return GlorotUniform;
            case "glorot-normal": case "glorotnormal": return GlorotNormal;
            case "lecun": case "lecun-normal": case "lecunnormal": return LeCunNormal;
            case "large": case "random-normal": return RandomNormal(10f);
        }

        if (s.StartsWith("random-normal(", StringComparison.Ordinal) && s.EndsWith(')'))
        {
            string inner = s["random-normal(".Length..^1];
            if (float.TryParse(inner, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float sd))
            {
                return RandomNormal(sd);
            }
        }

        throw new FormatException($"Unknown initializer '{name}'. Known: zeros, he (he-normal), he-uniform, glorot (glorot-uniform), glorot-normal, lecun (lecun-normal), large (random-normal(10)), random-normal(STDDEV).");
    }

    /// <summary>Fills a <c>[fanIn, fanOut]</c> weight matrix.</summary>
    internal abstract void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng);

    /// <summary>Fills with N(0, stddev^2).</summary>
    private protected static void FillNormal(Span<float> weights, double stddev, Rng rng)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(rng.NextGaussian() * stddev);
        }
    }

    /// <summary>Fills with U(-limit, limit).</summary>
    private protected static void FillUniform(Span<float> weights, double limit, Rng rng)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((rng.NextDouble() * 2.0 - 1.0) * limit);
        }
    }

    private sealed record ZerosInitializer : Initializer
    {
        public override string Name => "zeros";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => weights.Clear();
    }

    private sealed record HeNormalInitializer : Initializer
    {
        public override string Name => "he-normal";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillNormal(weights, Math.Sqrt(2.0 / fanIn), rng);
    }

    private sealed record HeUniformInitializer : Initializer
    {
        public override string Name => "he-uniform";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillUniform(weights, Math.Sqrt(6.0 / fanIn), rng);
    }

    private sealed record GlorotNormalInitializer : Initializer
    {
        public override string Name => "glorot-normal";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillNormal(weights, Math.Sqrt(2.0 / (fanIn + fanOut)), rng);
    }

    private sealed record GlorotUniformInitializer : Initializer
    {
        public override string Name => "glorot-uniform";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillUniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    private sealed record LeCunNormalInitializer : Initializer
    {
        public override string Name => "lecun-normal";

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillNormal(weights, Math.Sqrt(1.0 / fanIn), rng);
    }

    private sealed record RandomNormalInitializer(float StandardDeviation) : Initializer
    {
        public override string Name => FormattableString.Invariant($"random-normal({StandardDeviation})");

        internal override void Fill(Span<float> weights, int fanIn, int fanOut, Rng rng) => FillNormal(weights, StandardDeviation, rng);
    }
}
