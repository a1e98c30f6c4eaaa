namespace MLNetDeep.Trainers.Knobs;

/// <summary>
/// One parameter of a knob's default sweep range (the default search space of <c>mlnetdeep tune</c> and of
/// MLNetDeep.AutoML's FeedForward space). Plain data: the sweeper turns it into its own parameter type.
/// </summary>
/// <param name="Name">The parameter's name in a trial's parameters, e.g. <c>LearningRate</c>.</param>
/// <param name="Kind">Float, integer, choice or boolean.</param>
/// <param name="Minimum">The smallest value (numeric kinds).</param>
/// <param name="Maximum">The largest value (numeric kinds).</param>
/// <param name="Default">The value a first trial tries (numeric kinds; for a choice, the index of the default choice).</param>
/// <param name="Scale">How values are spread over the range.</param>
/// <param name="Choices">The choices' names (choice kind), else empty.</param>
public sealed record FeedForwardSweep(string Name, FeedForwardSweepKind Kind, double Minimum, double Maximum, double Default,
    FeedForwardSweepScale Scale, IReadOnlyList<string> Choices)
{
    /// <summary>
    /// When the parameter is used: another parameter of the sweep (a choice, Boolean or integer) and a test of its value,
    /// true when this one matters under it (the sweeper leaves it out of other trials); null when nothing decides. A test, not a
    /// list, so that it holds for the values a custom space gives that parameter too (adamw, a fourth layer). A knob's
    /// <see cref="FeedForwardKnob.Sweep"/> fills it from the knob that decides whether the knob is used (see
    /// <see cref="FeedForwardKnob.Unused"/>) unless the knob's own sweep sets it (a hidden layer's width by the layer
    /// count). Default null.
    /// </summary>
    public (string Parameter, Func<object, bool> Uses)? When { get; init; }

    internal static FeedForwardSweep Float(string name, double min, double max, double @default, FeedForwardSweepScale scale = FeedForwardSweepScale.Linear) =>
        new(name, FeedForwardSweepKind.Float, min, max, @default, scale, []);

    internal static FeedForwardSweep Integer(string name, int min, int max, int @default, FeedForwardSweepScale scale = FeedForwardSweepScale.Linear) =>
        new(name, FeedForwardSweepKind.Integer, min, max, @default, scale, []);

    internal static FeedForwardSweep Choice(string name, int @default, params string[] choices) =>
        new(name, FeedForwardSweepKind.Choice, 0, choices.Length - 1, @default, FeedForwardSweepScale.Linear, choices);

    internal static FeedForwardSweep Boolean(string name) =>
        new(name, FeedForwardSweepKind.Boolean, 0, 1, 0, FeedForwardSweepScale.Linear, []);
}
