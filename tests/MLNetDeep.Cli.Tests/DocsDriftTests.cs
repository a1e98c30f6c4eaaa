namespace MLNetDeep.Cli.Tests;

using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using System.Text.RegularExpressions;
using MLNetDeep.Cli.Commands;
using MLNetDeep.Trainers;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// Keeps docs/ true to the code: every option the CLI defines is documented in docs/cli.md under its command's heading,
/// the trainer flags' table there states each knob's flag, property and default as <see cref="FeedForwardKnobs"/> has
/// them, and every public property of the feed-forward trainers' options records is a row of docs/options.md with the
/// knob's type and the record's default.
/// </summary>
[TestClass]
public sealed partial class DocsDriftTests
{
    /// <summary>Every command of <c>mlnetdeep</c> has a <c>## `mlnetdeep NAME`</c> section naming each of its options (and aliases) as <c>`--flag`</c>.</summary>
    [TestMethod]
    public void Every_cli_command_and_option_is_in_docs_cli_md()
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "cli.md");
        Dictionary<string, string> sections = CommandSections(File.ReadAllText(path));
        Command root = CliApp.BuildRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, CancellationToken.None));
        var missing = new List<string>();
        foreach (Option option in root.Options.Where(IsDocumentable))
        {
            if (!sections.Values.Any(s => Mentions(s, option.Name)))
            {
                missing.Add($"mlnetdeep {option.Name}");
            }
        }

        foreach (Command command in root.Subcommands)
        {
            if (!sections.TryGetValue(command.Name, out string? section))
            {
                missing.Add($"the command 'mlnetdeep {command.Name}' (no '## `mlnetdeep {command.Name}`' heading)");
                continue;
            }

            foreach (Option option in command.Options.Where(IsDocumentable))
            {
                foreach (string name in option.Aliases.Prepend(option.Name).Where(n => !Mentions(section, n)))
                {
                    missing.Add($"mlnetdeep {command.Name} {name}");
                }
            }
        }

        Assert.IsEmpty(missing, $"docs/cli.md does not document (as `--flag` in the command's section): {string.Join("; ", missing)}");

        // An option with a default value has a table row "| `--flag` | VALUE | `default` | ..." stating it.
        var wrongDefaults = new List<string>();
        foreach (Command command in root.Subcommands)
        {
            string[] rows = sections[command.Name].Split('\n');
            foreach (Option option in command.Options.Where(o => IsDocumentable(o) && o.HasDefaultValue && o.ValueType != typeof(bool)))
            {
                string expected = Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                string? row = rows.FirstOrDefault(r => r.StartsWith($"| `{option.Name}` |", StringComparison.Ordinal));
                string[] cells = row?.Split('|') ?? [];
                if (cells.Length < 4 || !cells[3].Contains($"`{expected}`", StringComparison.Ordinal))
                {
                    wrongDefaults.Add($"mlnetdeep {command.Name} {option.Name} (default `{expected}`)");
                }
            }
        }

        Assert.IsEmpty(wrongDefaults, $"docs/cli.md has no table row stating these defaults in its third column: {string.Join("; ", wrongDefaults)}");

        // And nothing documented as a command that the CLI does not have.
        string[] unknown = sections.Keys.Where(k => root.Subcommands.All(c => c.Name != k)).ToArray();
        Assert.IsEmpty(unknown, $"docs/cli.md documents commands the CLI does not define: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// docs/cli.md's trainer-flag table under <c>mlnetdeep train</c> has one row per knob, <c>| `--flag` | VALUE | DEFAULT | `Property` ... |</c>,
    /// whose default cell states the knob's default as the command line writes it (<see cref="TrainerFlags.DefaultText"/>),
    /// and no row for a flag that is no knob.
    /// </summary>
    [TestMethod]
    public void Docs_cli_md_trainer_flags_are_the_knobs_with_their_defaults()
    {
        string section = CommandSections(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md")))["train"];
        string[][] rows = section.Split('\n').Where(l => l.StartsWith("| `--", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToArray();
        var wrong = new List<string>();
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All)
        {
            string[]? row = rows.FirstOrDefault(r => r[1] == $"`{knob.Flag}`");
            if (row is null || row.Length < 6)
            {
                wrong.Add($"{knob.Flag}: no row");
                continue;
            }

            string defaults = TrainerFlags.DefaultText(knob);
            string first = defaults.Split(' ')[0];
            if (!row[3].Contains($"`{first}`", StringComparison.Ordinal) && !(first == "unset" && row[3].Contains("unset", StringComparison.Ordinal)))
            {
                wrong.Add($"{knob.Flag}: default cell '{row[3]}' does not state `{first}` ({defaults})");
            }

            if (!row[4].StartsWith($"`{knob.Name}`", StringComparison.Ordinal))
            {
                wrong.Add($"{knob.Flag}: property cell '{row[4]}' is not `{knob.Name}`");
            }
        }

        string[] dataOptions = ["--data", "--label", "--task", "--model", "--initial-model", "--test", "--test-fraction", "--features", "--categorical", "--free-text", "--decimal-marker", "--no-normalize", "--json", "--report", "--check-gradients", "--check-gradients-rows", "--check-gradients-epsilon"];
        wrong.AddRange(rows.Select(r => r[1].Trim('`')).Where(f => !dataOptions.Contains(f) && FeedForwardKnobs.All.All(k => k.Flag != f)).Select(f => $"{f}: a row, but no such knob"));
        Assert.IsEmpty(wrong, "docs/cli.md's trainer flags disagree with FeedForwardKnobs: " + string.Join("; ", wrong));
    }

    /// <summary>Every public property of <see cref="FeedForwardTrainerOptions"/> (and of the per-task <c>Options</c> records) is a table row of docs/options.md.</summary>
    [TestMethod]
    public void Every_trainer_option_is_in_docs_options_md()
    {
        string[] rows = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "options.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToArray();
        string[] properties = OptionProperties().Select(p => p.Name).Distinct().ToArray();
        Assert.IsGreaterThan(25, properties.Length, "the options record was read");
        string[] missing = properties.Where(p => !rows.Any(r => r.StartsWith($"| `{p}`", StringComparison.Ordinal))).ToArray();
        Assert.IsEmpty(missing, $"docs/options.md has no table row '| `Name` |' for: {string.Join(", ", missing)}");

        string[] documented = rows.Select(r => OptionRow().Match(r)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
        string[] stale = documented.Where(d => !properties.Contains(d)).ToArray();
        Assert.IsEmpty(stale, $"docs/options.md documents options the record does not have: {string.Join(", ", stale)}");
    }

    /// <summary>
    /// Each row of docs/options.md states the property's C# type (the knob's <see cref="FeedForwardKnob.TypeName"/> for a
    /// knob), and its default as the first <c>`value`</c> of the default column, as a fresh options record has it
    /// (numbers compared as float32, enums by name, strings quoted, lists as <c>[a, b]</c>, null as <c>null</c>; the
    /// schedule by its expression); regression-only properties as the regression record has them.
    /// </summary>
    [TestMethod]
    public void Docs_options_md_states_each_option_type_and_default()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "options.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1].Trim('`'), c => (Type: c[2].Trim('`'), Default: FirstCode(c[3])));
        var binary = new FeedForwardBinaryTrainer.Options();
        var regression = new FeedForwardRegressionTrainer.Options();
        var nullability = new NullabilityInfoContext();
        var wrong = new List<string>();
        foreach (PropertyInfo p in OptionProperties())
        {
            if (!rows.TryGetValue(p.Name, out var row))
            {
                continue; // reported by Every_trainer_option_is_in_docs_options_md
            }

            string type = FeedForwardKnobs.Find(p.Name)?.TypeName
                ?? CSharpName(p.PropertyType) + (!p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.Nullable ? "?" : "");
            if (row.Type != type)
            {
                wrong.Add($"{p.Name}: type documented as {row.Type}, declared {type}");
            }

            object? value = p.GetValue(p.DeclaringType == typeof(FeedForwardRegressionTrainer.Options) ? regression : binary);
            string? expected = value switch
            {
                null => "null",
                bool b => b ? "true" : "false",
                string text => $"\"{text}\"",
                Enum e => e.ToString(),
                IEnumerable<int> list => $"[{string.Join(", ", list)}]",
                float or double or int => null, // compared numerically below
                MLNetDeep.Neural.Schedules.LearningRateSchedule schedule when schedule == MLNetDeep.Neural.Schedules.LearningRateSchedule.Constant => "LearningRateSchedule.Constant",
                MLNetDeep.Neural.Schedules.LearningRateSchedule schedule when schedule == MLNetDeep.Neural.Schedules.LearningRateSchedule.Cosine() => "LearningRateSchedule.Cosine()",
                MLNetDeep.Neural.Training.TrainingBackend backend when backend == MLNetDeep.Neural.Training.TrainingBackend.Managed => "TrainingBackend.Managed",
                _ => $"(a {value.GetType().Name} this test does not know)",
            };
            bool same = expected is null
                ? double.TryParse(row.Default, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
                    && (float)d == (float)Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
                : row.Default == expected;
            if (!same)
            {
                wrong.Add($"{p.Name}: default documented as `{row.Default}`, actual {expected ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        Assert.IsEmpty(wrong, "docs/options.md disagrees with the options records and FeedForwardKnobs: " + string.Join("; ", wrong));
    }

    // The public properties of the options records (the base record's, the classifiers' and the regression record's own).
    private static IEnumerable<PropertyInfo> OptionProperties() =>
        new[] { typeof(FeedForwardTrainerOptions), typeof(FeedForwardClassifierOptions), typeof(FeedForwardBinaryTrainer.Options), typeof(FeedForwardMulticlassTrainer.Options), typeof(FeedForwardRegressionTrainer.Options) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.Name != "EqualityContract" && !(p.Name == "TrainerOptions"));

    private static string FirstCode(string cell)
    {
        int start = cell.IndexOf('`', StringComparison.Ordinal);
        int end = start < 0 ? -1 : cell.IndexOf('`', start + 1);
        return end < 0 ? cell : cell[(start + 1)..end];
    }

    private static string CSharpName(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is Type inner)
        {
            return CSharpName(inner) + "?";
        }

        if (t.IsGenericType)
        {
            return $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GetGenericArguments().Select(CSharpName))}>";
        }

        return t == typeof(string) ? "string" : t == typeof(int) ? "int" : t == typeof(float) ? "float" : t == typeof(double) ? "double" : t == typeof(bool) ? "bool" : t.Name;
    }

    private static bool IsDocumentable(Option option) => option is not HelpOption and not VersionOption;

    private static bool Mentions(string section, string flag) =>
        Regex.IsMatch(section, "`" + Regex.Escape(flag) + @"(?![A-Za-z0-9-])");

    /// <summary>The text under each <c>## `mlnetdeep NAME`</c> heading, up to the next <c>## </c> heading.</summary>
    private static Dictionary<string, string> CommandSections(string markdown)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        MatchCollection headings = Heading().Matches(markdown);
        for (int i = 0; i < headings.Count; i++)
        {
            int start = headings[i].Index + headings[i].Length;
            int next = markdown.IndexOf("\n## ", start, StringComparison.Ordinal);
            sections[headings[i].Groups[1].Value] = markdown[start..(next < 0 ? markdown.Length : next)];
        }

        return sections;
    }

    /// <summary>
    /// docs/getting-started.md's package table names, for each MLNetDeep package, exactly the MLNetDeep packages its project
    /// references (it said Reporting depends on AutoML, the other way round, and gave AutoML no Reporting).
    /// </summary>
    [TestMethod]
    public void Docs_getting_started_package_table_names_each_package_dependencies()
    {
        string root = RepositoryRoot();
        var wrong = new List<string>();
        foreach (string row in File.ReadAllLines(Path.Combine(root, "docs", "getting-started.md")).Where(r => r.StartsWith("| `MLNetDeep", StringComparison.Ordinal)))
        {
            string[] cells = row.Split('|');
            string id = cells[1].Trim().Trim('`');
            string[] documented = Regex.Matches(cells[^2], @"MLNetDeep(\.[A-Za-z]+)?\b").Select(m => m.Value).Order().ToArray();
            string csproj = File.ReadAllText(Path.Combine(root, "src", id, id + ".csproj"));
            string[] referenced = Regex.Matches(csproj, @"ProjectReference Include=""\.\./([A-Za-z.]+)/").Select(m => m.Groups[1].Value).Order().ToArray();
            if (id != "MLNetDeep.Cli" && !documented.SequenceEqual(referenced)) // the tool carries its dependencies inside
            {
                wrong.Add($"{id}: the table says {string.Join(", ", documented)}; the project references {string.Join(", ", referenced)}");
            }
        }

        Assert.IsEmpty(wrong, "docs/getting-started.md's package table: " + string.Join("; ", wrong));
    }

    /// <summary>
    /// docs/model-format.md's table of the training record names every field a record writes, a continued classifier's
    /// with class weights included (it lacked <c>classWeights</c>, which the record has kept since class weights of 0).
    /// </summary>
    [TestMethod]
    public void Docs_model_format_md_lists_every_training_record_field()
    {
        const string History = """[{"epoch":1,"loss":0.5,"metric":0.8,"validationLoss":null,"validationMetric":null,"learningRate":0.01}]""";
        FeedForwardModelInfo record = FeedForwardModelInfo.FromJson($$"""
            {"format":1,"task":"BinaryClassification","featureColumn":"Features","labelColumn":"Label","featureCount":2,"outputCount":1,
             "classNames":[],"layers":["Dense(1)"],"parameterCount":3,"options":{"LearningRate":"0.001"},"lossName":"binary-cross-entropy",
             "metricName":"accuracy","bestEpoch":1,"stoppedEarly":false,"trainingRows":10,"validationRows":0,"backend":"managed",
             "libraryVersion":"0.1","history":{{History}},"classWeights":{"false":1,"true":3},
             "earlierRuns":[{"modelEpoch":1,"changedOptions":{"LearningRate":"0.01"},"history":{{History}}}]}
            """);
        string[] fields = [.. System.Text.Json.Nodes.JsonNode.Parse(record.ToJson())!.AsObject().Select(p => p.Key)];
        string section = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "model-format.md")).Split("## The ONNX graph and the training record")[1].Split("\n## ")[0];
        string[] documented = [.. section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Regex.Matches(l.Split('|')[1], "`([A-Za-z]+)`").Select(m => m.Groups[1].Value))];
        CollectionAssert.IsSubsetOf(fields, documented, $"fields not in docs/model-format.md: {string.Join(", ", fields.Except(documented))}");
    }

    internal static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MLNetDeep.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No MLNetDeep.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^## `mlnetdeep ([a-z-]+)`[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\| `([A-Za-z]+)`")]
    private static partial Regex OptionRow();
}
