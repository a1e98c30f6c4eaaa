namespace MLNetDeep.Trainers.Knobs;

/// <summary>What kind of values a knob's default sweep parameter takes.</summary>
public enum FeedForwardSweepKind
{
    /// <summary>A real number in [Minimum, Maximum].</summary>
    Float = 0,

    /// <summary>An integer in [Minimum, Maximum].</summary>
    Integer = 1,

    /// <summary>One of <see cref="FeedForwardSweep.Choices"/>.</summary>
    Choice = 2,

    /// <summary>True or false.</summary>
    Boolean = 3,
}
