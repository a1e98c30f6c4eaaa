namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// One flag per knob of <see cref="FeedForwardKnobs.All"/>: its flag, value name and help come from the knob, so there is
/// no hand-kept flag list. A flag not given leaves the library's default; a boolean flag given bare means true. Every
/// value is parsed by the knob and the options validated before any data is read: a bad value is a usage error naming
/// the flag and the value.
/// </summary>
internal sealed class TrainerFlags
{
    private readonly (FeedForwardKnob Knob, Option<string?> Option)[] _flags;

    /// <summary>The flags of every knob but <paramref name="except"/> (knob names: those a command sets itself).</summary>
    public TrainerFlags(params string[] except) =>
        _flags = FeedForwardKnobs.All.Where(k => !except.Contains(k.Name)).Select(k => (k, Create(k))).ToArray();

    /// <summary>
    /// The libtorch device, a command-line convenience for the <c>Backend</c> knob: <c>--backend torchsharp --device cuda</c>
    /// is <c>--backend torchsharp:cuda</c>.
    /// </summary>
    private readonly Option<string?> _device = new("--device")
    {
        Description = "The libtorch device for --backend torchsharp: cpu, cuda or cuda:N. Default cpu.",
        HelpName = "DEVICE",
    };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> Options => _flags.Select(f => (Option)f.Option).Append(_device);

    /// <summary>
    /// <paramref name="defaults"/> with every given flag applied, validated: a bad value is a usage error naming the flag
    /// and the value.
    /// </summary>
    public T Apply<T>(ParseResult result, T defaults)
        where T : FeedForwardTrainerOptions
    {
        T options = defaults;
        foreach (var (knob, option) in _flags)
        {
            if ((knob.Name == "Backend" ? BackendText(result, option) : Given(result, option)) is string text)
            {
                if (!knob.AppliesTo(options))
                {
                    throw CliException.Usage($"{knob.Flag} {text}: the flag applies to --task {string.Join(" or ", knob.Tasks.Select(Evaluation.Name))} only.");
                }

                try
                {
                    options = knob.Apply(options, text);
                }
                catch (FormatException e)
                {
                    throw CliException.Usage(e.Message);
                }
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            // By the parameter name, else by the property the message starts with (a whole word: "LearningRateSchedule
            // is ..." is not LearningRate's), else by one it mentions.
            var flag = _flags.FirstOrDefault(f => e.ParamName == f.Knob.Name);
            flag = flag.Knob is null ? _flags.FirstOrDefault(f => e.Message.StartsWith(f.Knob.Name, StringComparison.Ordinal)
                && (e.Message.Length == f.Knob.Name.Length || !char.IsLetterOrDigit(e.Message[f.Knob.Name.Length]))) : flag;
            flag = flag.Knob is null ? _flags.FirstOrDefault(f => e.Message.Contains(f.Knob.Name, StringComparison.Ordinal)) : flag;
            string? value = flag.Knob is null ? null : Given(result, flag.Option);
            string given = value is null ? "" : $"{flag.Knob!.Flag} {value}: ";
            throw CliException.Usage($"{given}{FirstLine(e.Message)}");
        }

        return options;
    }

    /// <summary>
    /// One note per knob set (to other than its default) that the options make irrelevant, by the library's rule
    /// (<see cref="FeedForwardKnob.Unused"/>): it is accepted and recorded, but the training does not use it, which the
    /// user should hear about rather than find out.
    /// </summary>
    public static IEnumerable<string> Unused(FeedForwardTrainerOptions options) =>
        FeedForwardKnobs.All.Select(k => (k, Why: k.Unused(options, n => n.Flag))).Where(u => u.Why is not null)
            .Select(u => $"note: {u.k.Flag} {u.k.Format(options)} is not used: {u.Why}.");

    /// <summary>The backend as <c>--backend</c> and <c>--device</c> give it together, or null when neither is given.</summary>
    private string? BackendText(ParseResult result, Option<string?> backend)
    {
        string? given = Given(result, backend);
        if (Given(result, _device) is not string device)
        {
            return given;
        }

        if (given is null || !given.StartsWith("torchsharp", StringComparison.OrdinalIgnoreCase))
        {
            throw CliException.Usage($"--device {device}: the device is libtorch's; give --backend torchsharp too.");
        }

        if (given.Contains(':', StringComparison.Ordinal))
        {
            throw CliException.Usage($"--device {device}: --backend {given} already names a device; give one or the other.");
        }

        return $"{given}:{device}";
    }

    /// <summary>The knobs whose flags were given (<c>--device</c> counts as <c>Backend</c>'s).</summary>
    public IEnumerable<FeedForwardKnob> GivenKnobs(ParseResult result) =>
        _flags.Where(f => Given(result, f.Option) is not null || (f.Knob.Name == "Backend" && Given(result, _device) is not null)).Select(f => f.Knob);

    /// <summary>The flags given on the command line, as typed (a bare boolean flag as <c>true</c>).</summary>
    public JsonObject GivenJson(ParseResult result)
    {
        var json = new JsonObject();
        foreach (var (knob, option) in _flags)
        {
            if (Given(result, option) is string text)
            {
                json[knob.Flag] = text;
            }
        }

        if (Given(result, _device) is string device)
        {
            json[_device.Name] = device;
        }

        return json;
    }

    /// <summary>
    /// Every knob of the options' task (<see cref="FeedForwardKnob.Tasks"/>) at its effective value as the knob writes it
    /// (null when unset), by option property. <c>Initializer</c> and <c>WeightDecay</c>, whose unset value stands for a
    /// default that depends on other knobs, are written as the value the trainer used (he-normal or glorot-uniform by
    /// activation; 0.01 for AdamW, 0 otherwise).
    /// </summary>
    public static JsonObject EffectiveJson(FeedForwardTrainerOptions options)
    {
        options = FeedForwardKnobs.Resolved(options);
        var json = new JsonObject();
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All.Where(k => k.AppliesTo(options)))
        {
            string text = knob.Format(options);
            json[knob.Name] = text.Length == 0 ? null : text;
        }

        return json;
    }

    /// <summary>How help and docs/cli.md state a knob's default: the classifiers' value, with regression's when it differs.</summary>
    public static string DefaultText(FeedForwardKnob knob)
    {
        string classifiers = knob.DefaultText(FeedForwardTask.BinaryClassification);
        string regression = knob.DefaultText(FeedForwardTask.Regression);
        return classifiers == regression ? (classifiers.Length == 0 ? "unset" : classifiers)
            : classifiers.Length == 0 ? $"{regression} (regression only)"
            : $"{classifiers} (regression: {regression})";
    }

    private static Option<string?> Create(FeedForwardKnob knob) => new(knob.Flag)
    {
        Description = $"{knob.Help} Default {DefaultText(knob)}." + (knob.IsBoolean ? " A bare flag means true." : ""),
        HelpName = knob.ValueName,
        Arity = knob.IsBoolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
    };

    // The value given ("true" for a bare boolean flag), or null when the flag was not given.
    private static string? Given(ParseResult result, Option<string?> option) =>
        result.GetResult(option) is { Implicit: false } r ? (r.Tokens.Count == 0 ? "true" : string.Join(" ", r.Tokens.Select(t => t.Value))) : null;

    private static string FirstLine(string message)
    {
        // ArgumentException appends " (Parameter 'X')"; the flag was already named.
        int p = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (p > 0 ? message[..p] : message).ReplaceLineEndings(" ");
    }
}
