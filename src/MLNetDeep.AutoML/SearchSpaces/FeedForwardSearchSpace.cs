namespace MLNetDeep.AutoML.SearchSpaces;

using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// The default search space of the feed-forward trainers, made from the knobs' own sweep ranges
/// (<see cref="FeedForwardKnob.Sweep"/> of every knob in <see cref="FeedForwardKnobs.All"/>, in that order), and the
/// function that applies one of its points to the trainers' options (<see cref="FeedForwardKnobs.ApplySweep"/>). There is
/// no second list of ranges here: a knob's sweep range changes where the knob is described.
/// </summary>
public static class FeedForwardSearchSpace
{
    /// <summary>The parameter Hyperband sets to its budget: the sweep name of the <c>NumberOfEpochs</c> knob.</summary>
    public static string EpochsParameter { get; } = Sweeps().Single(s => s.Name == nameof(FeedForwardTrainerOptions.NumberOfEpochs)).Name;

    /// <summary>The names of the default space's parameters, in order (what a <c>--space</c> file may use).</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = Sweeps().Select(s => s.Name).ToArray();

    /// <summary>
    /// A new copy of the default space: one parameter per sweep parameter of the knobs, in the knobs' order, with their
    /// ranges, scales and defaults, and their conditions (<see cref="AddKnobConditions"/>: a hidden layer's width only
    /// with that many layers, the decay rate only with a decay, Adam's betas only under adam, momentum only under momentum).
    /// The epoch range may be narrowed or widened (the budget Hyperband controls).
    /// </summary>
    /// <param name="minEpochs">The smallest epoch count; null keeps the knob's. Default null.</param>
    /// <param name="maxEpochs">The largest epoch count; null keeps the knob's. Default null.</param>
    /// <exception cref="ArgumentException">The epoch range is empty or below 1.</exception>
    public static SweepSpace Create(int? minEpochs = null, int? maxEpochs = null)
    {
        var space = new SweepSpace();
        foreach (FeedForwardSweep sweep in Sweeps())
        {
            FeedForwardSweep s = sweep.Name == EpochsParameter ? WithEpochs(sweep, minEpochs, maxEpochs) : sweep;
            space.Add(ToParameter(s));
        }

        AddKnobConditions(space);
        return space;
    }

    /// <summary>
    /// Gives each parameter of <paramref name="space"/> that a knob sweeps, that has no condition yet and whose deciding
    /// parameter (<see cref="FeedForwardSweep.When"/>) is a choice or integer of the space, the knobs' condition over the
    /// values that parameter takes in this space: <c>Beta1</c> only under adam (and adamw when the space has it),
    /// <c>HiddenUnits3</c> only with 3 or more layers... A condition every value of an unconditional parent meets is left
    /// out. The default space gets its conditions so; <c>mlnetdeep tune</c> does it to a <c>--space</c> file, whose own
    /// <c>"when"</c> wins.
    /// </summary>
    /// <param name="space">The space to add the conditions to (its parameters named as <see cref="ParameterNames"/>; others are left alone).</param>
    /// <returns>The names of the parameters that got a condition, in the knobs' order (<see cref="SweepSpace.ConditionOf"/> gives it).</returns>
    /// <exception cref="ArgumentException">A parameter is used under none of its deciding parameter's values in the space; the message names both.</exception>
    public static IReadOnlyList<string> AddKnobConditions(SweepSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var added = new List<string>();
        foreach (FeedForwardSweep s in Sweeps())
        {
            if (s.When is not var (parent, uses) || !space.Parameters.Any(p => p.Name == s.Name) || space.ConditionOf(s.Name) is not null)
            {
                continue;
            }

            object[] all = space.Parameters.FirstOrDefault(p => p.Name == parent) switch
            {
                ChoiceParameter c => [.. c.Values],
                IntParameter i => i.Values(),
                _ => [],
            };
            object[] values = [.. all.Where(uses)];
            if (all.Length == 0 || (values.Length == all.Length && space.ConditionOf(parent) is null))
            {
                continue;
            }

            if (values.Length == 0)
            {
                throw new ArgumentException($"Parameter '{s.Name}' does nothing under any value '{parent}' takes in the search space ({string.Join(", ", all)}), so no trial would use it; "
                    + $"remove it, give '{parent}' a value under which it is used, or give '{s.Name}' a condition of its own.");
            }

            space.When(s.Name, parent, values);
            added.Add(s.Name);
        }

        return added;
    }

    /// <summary>
    /// <paramref name="options"/> with every parameter of <paramref name="parameters"/> that a knob sweeps applied
    /// (<see cref="FeedForwardKnobs.ApplySweep"/>); other knobs keep their values, so a smaller custom space works too.
    /// </summary>
    /// <typeparam name="TOptions">The trainer's options record.</typeparam>
    /// <param name="options">The options to start from.</param>
    /// <param name="parameters">A trial's parameters.</param>
    public static TOptions Apply<TOptions>(TOptions options, SweepParameters parameters)
        where TOptions : FeedForwardTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        return FeedForwardKnobs.ApplySweep(options, parameters);
    }

    /// <summary>A knob's sweep parameter as a parameter of a search space.</summary>
    internal static SearchParameter ToParameter(FeedForwardSweep s) => s.Kind switch
    {
        FeedForwardSweepKind.Float => new FloatParameter(s.Name, s.Minimum, s.Maximum, s.Default, Scale(s.Scale)),
        FeedForwardSweepKind.Integer => new IntParameter(s.Name, (int)s.Minimum, (int)s.Maximum, (int)s.Default, Scale(s.Scale)),
        FeedForwardSweepKind.Choice => new ChoiceParameter(s.Name, [.. s.Choices], (int)s.Default),
        FeedForwardSweepKind.Boolean => new ChoiceParameter(s.Name, [false, true], s.Default != 0 ? 1 : 0),
        _ => throw new ArgumentOutOfRangeException(nameof(s), s.Kind, $"Sweep parameter '{s.Name}' has an unknown kind."),
    };

    private static IEnumerable<FeedForwardSweep> Sweeps() => FeedForwardKnobs.All.SelectMany(k => k.Sweep);

    private static FeedForwardSweep WithEpochs(FeedForwardSweep s, int? minEpochs, int? maxEpochs)
    {
        int min = minEpochs ?? (int)s.Minimum, max = maxEpochs ?? (int)s.Maximum;
        if (min < 1 || max < min)
        {
            throw new ArgumentException($"The epoch range {min}..{max} must satisfy 1 <= min <= max.");
        }

        return s with { Minimum = min, Maximum = max, Default = Math.Clamp(s.Default, min, max) };
    }

    /// <summary>The sweeper's scale of the same name (the two enums name the same four scales).</summary>
    private static ParameterScale Scale(FeedForwardSweepScale scale) => Enum.Parse<ParameterScale>(scale.ToString());
}
