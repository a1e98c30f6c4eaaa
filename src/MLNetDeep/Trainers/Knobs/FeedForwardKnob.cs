namespace MLNetDeep.Trainers.Knobs;

using System.Globalization;

/// <summary>
/// One knob of the feed-forward trainers, described once: its <c>Options</c> property, command-line flag, help, C# type,
/// how its value is written and read as text, and its range in the default sweep. The command line's flags, the
/// training record's options, the default search space and the options table of docs/options.md all come from
/// <see cref="FeedForwardKnobs.All"/>, so a knob changes in one place.
/// </summary>
public sealed class FeedForwardKnob
{
    private readonly Func<FeedForwardTrainerOptions, string> _format;
    private readonly Func<FeedForwardTrainerOptions, string, FeedForwardTrainerOptions> _apply;
    private readonly Func<FeedForwardTrainerOptions, IReadOnlyDictionary<string, object>, FeedForwardTrainerOptions>? _applySweep;
    private readonly (string Knob, string Why, Func<FeedForwardTrainerOptions, bool> Used)? _usedWhen;
    private readonly Lazy<IReadOnlyList<FeedForwardSweep>> _sweep;

    internal FeedForwardKnob(string name, string flag, string valueName, string typeName, string help,
        Func<FeedForwardTrainerOptions, string> format, Func<FeedForwardTrainerOptions, string, FeedForwardTrainerOptions> apply,
        IReadOnlyList<FeedForwardSweep>? sweep = null,
        Func<FeedForwardTrainerOptions, IReadOnlyDictionary<string, object>, FeedForwardTrainerOptions>? applySweep = null,
        bool recorded = true, (string Knob, string Why, Func<FeedForwardTrainerOptions, bool> Used)? usedWhen = null, FeedForwardTask[]? tasks = null)
    {
        Name = name;
        Flag = flag;
        ValueName = valueName;
        TypeName = typeName;
        Help = help;
        _format = format;
        _apply = apply;
        _sweep = new(() => [.. (sweep ?? []).Select(s => s.When is null ? s with { When = DecidedBy() } : s)]);
        _applySweep = applySweep;
        AffectsModel = recorded;
        _usedWhen = usedWhen;
        Tasks = tasks ?? Enum.GetValues<FeedForwardTask>();
    }

    /// <summary>The <c>Options</c> property, e.g. <c>LearningRate</c>.</summary>
    public string Name { get; }

    /// <summary>The command-line flag, e.g. <c>--lr</c>.</summary>
    public string Flag { get; }

    /// <summary>The flag's value placeholder in help, e.g. <c>RATE</c>; <c>true|false</c> for a boolean.</summary>
    public string ValueName { get; }

    /// <summary>The property's C# type as docs/options.md writes it, e.g. <c>float</c> or <c>int?</c>.</summary>
    public string TypeName { get; }

    /// <summary>One or two sentences of help, without the default (<see cref="DefaultText"/> gives it).</summary>
    public string Help { get; }

    /// <summary>
    /// The tasks whose options have the knob: all three, but <c>StandardizeLabel</c> regression's and <c>ClassWeights</c>
    /// the classifiers'. Setting it for another task is refused (<see cref="Apply"/>); it is not recorded for one.
    /// </summary>
    public IReadOnlyList<FeedForwardTask> Tasks { get; }

    /// <summary>Whether the options' task has the knob (<see cref="Tasks"/>).</summary>
    public bool AppliesTo(FeedForwardTrainerOptions options) => Tasks.Contains(TaskOf(options));

    /// <summary>Whether the knob is a boolean (a bare flag means true).</summary>
    public bool IsBoolean => TypeName == "bool";

    /// <summary>
    /// Whether the value decides the trained model (recorded in its training record); false for knobs such as the thread
    /// count or the checkpoint folder, which change how training runs, not what it produces.
    /// </summary>
    public bool AffectsModel { get; }

    /// <summary>
    /// The parameters of the knob's range in the default sweep (empty when the default sweep leaves it alone), each with
    /// its <see cref="FeedForwardSweep.When"/>.
    /// </summary>
    public IReadOnlyList<FeedForwardSweep> Sweep => _sweep.Value;

    /// <summary>The knob's value in <paramref name="options"/> as text that <see cref="Apply"/> reads back; empty when unset (null).</summary>
    public string Format(FeedForwardTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _format(options);
    }

    /// <summary>The default as text for <paramref name="task"/> (a fresh options record's value; dropout differs for regression).</summary>
    public string DefaultText(FeedForwardTask task) => Format(task switch
    {
        FeedForwardTask.BinaryClassification => new FeedForwardBinaryTrainer.Options(),
        FeedForwardTask.MulticlassClassification => new FeedForwardMulticlassTrainer.Options(),
        _ => new FeedForwardRegressionTrainer.Options(),
    });

    /// <summary>
    /// Why the other knobs of <paramref name="options"/> make this knob's value irrelevant (an optimizer's setting with
    /// another optimizer, a hidden layer's setting without hidden layers, early stopping's settings without early
    /// stopping...), as "it applies to ...", naming knobs with <paramref name="name"/> (<see cref="Flag"/> on the command
    /// line, <see cref="Name"/> in code); null when the value is used, or is not set (equals the default of the options'
    /// task). The trainers warn through <c>MLContext.Log</c> and the command line notes it, both from this.
    /// </summary>
    public string? Unused(FeedForwardTrainerOptions options, Func<FeedForwardKnob, string> name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(name);
        return Format(options) == DefaultText(TaskOf(options)) ? null : WhyUnused(options, name);
    }

    private static FeedForwardTask TaskOf(FeedForwardTrainerOptions options) => options switch
    {
        FeedForwardRegressionTrainer.Options => FeedForwardTask.Regression,
        FeedForwardMulticlassTrainer.Options => FeedForwardTask.MulticlassClassification,
        _ => FeedForwardTask.BinaryClassification,
    };

    /// <summary>Why the knob is irrelevant whatever its value: its deciding knob's test fails, or that knob is itself irrelevant.</summary>
    private string? WhyUnused(FeedForwardTrainerOptions options, Func<FeedForwardKnob, string> name)
    {
        if (_usedWhen is not var (knob, why, used))
        {
            return null;
        }

        FeedForwardKnob decider = FeedForwardKnobs.Find(knob)!;
        return used(options) ? decider.WhyUnused(options, name) : "it " + string.Format(CultureInfo.InvariantCulture, why, name(decider), decider.Format(options));
    }

    /// <summary>
    /// The deciding knob's first swept choice, Boolean or integer and a test of its value: true when this knob is used
    /// under it (the value applied to default options, then this knob's rule); null when nothing decides.
    /// </summary>
    private (string, Func<object, bool>)? DecidedBy()
    {
        if (_usedWhen is not var (knob, _, used) || FeedForwardKnobs.Find(knob) is not { } decider
            || decider.Sweep.FirstOrDefault(p => p.Kind != FeedForwardSweepKind.Float) is not { } p)
        {
            return null;
        }

        return (p.Name, v => used(decider.ApplySweep(new FeedForwardBinaryTrainer.Options(), new Dictionary<string, object> { [p.Name] = v })));
    }

    /// <summary>
    /// <paramref name="options"/> with this knob set from <paramref name="text"/> (the command line's syntax, as
    /// <see cref="Format"/> writes it). Not validated: call <see cref="FeedForwardTrainerOptions.Validate"/> after the last knob.
    /// </summary>
    /// <exception cref="FormatException">The text is not a value of this knob, or the options' task lacks the knob (<see cref="Tasks"/>); the message names the flag and the value.</exception>
    public T Apply<T>(T options, string text)
        where T : FeedForwardTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return AppliesTo(options) ? (T)_apply(options, text.Trim())
                : throw new ArgumentException($"{Name} applies to {string.Join(" and ", Tasks)} only.");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"{Flag} {text}: {WithoutParameterName(e.Message)}", e);
        }
    }

    /// <summary>An exception message without what <see cref="ArgumentException"/> appends (" (Parameter 'x')", "Actual value was ..."): the flag is named already.</summary>
    private static string WithoutParameterName(string message)
    {
        int p = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (p > 0 ? message[..p] : message).ReplaceLineEndings(" ");
    }

    /// <summary>
    /// <paramref name="options"/> with this knob set from a trial's parameter values (by <see cref="FeedForwardSweep.Name"/>:
    /// a double for Float, an int for Integer, a string for Choice, a bool for Boolean); parameters absent from
    /// <paramref name="values"/> leave the knob as it is.
    /// </summary>
    public T ApplySweep<T>(T options, IReadOnlyDictionary<string, object> values)
        where T : FeedForwardTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(values);
        return _applySweep is null || !Sweep.Any(s => values.ContainsKey(s.Name)) ? options : (T)_applySweep(options, values);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Flag} ({Name})";
}
