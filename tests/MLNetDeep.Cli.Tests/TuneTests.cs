namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary><c>mlnetdeep tune</c> on tiny data with a tiny search space (few epochs, narrow widths) to stay fast.</summary>
[TestClass]
public sealed class TuneTests
{
    internal const string TinySpace = """
        {"parameters": [
          {"name": "LearningRate", "type": "float", "min": 0.003, "max": 0.1, "init": 0.01, "scale": "Log"},
          {"name": "HiddenUnits1", "type": "int", "min": 4, "max": 16, "init": 8, "scale": "PowerOfTwo"},
          {"name": "NumberOfEpochs", "type": "int", "min": 2, "max": 6, "init": 4, "scale": "Linear"}
        ]}
        """;

    /// <summary>
    /// Trial lines write a beta just below 1 with the digits that tell it from 1: 'Beta2=1' (3 significant digits of
    /// 0.99951) read as a value Adam's beta cannot take.
    /// </summary>
    [TestMethod]
    public void Trial_lines_never_round_a_beta_to_1()
    {
        var point = new MLNetDeep.AutoML.SearchSpaces.SweepParameters(new Dictionary<string, object>
        {
            ["Beta2"] = 0.99951, ["Beta1"] = 0.9456f, ["Momentum"] = 0.999, ["LearningRate"] = 0.000178698, ["HiddenUnits1"] = 64,
        });
        Assert.AreEqual("Beta2=0.99951 Beta1=0.9456 Momentum=0.999 LearningRate=0.000179 HiddenUnits1=64", MLNetDeep.Cli.Output.TuneProgress.Brief(point));
        var small = new MLNetDeep.AutoML.SearchSpaces.SweepParameters(new Dictionary<string, object> { ["LearningRate"] = 2.739e-05 });
        Assert.AreEqual("LearningRate=2.74e-05", MLNetDeep.Cli.Output.TuneProgress.Brief(small), "as the train progress line and Python write it (before 2.74E-05)");
    }

    [TestMethod]
    [DataRow("random")]
    [DataRow("grid")]
    [DataRow("coarse-to-fine")]
    [DataRow("hyperband")]
    [DataRow("tpe")]
    public void Each_tuner_runs_the_trials_and_saves_a_best_model(string tuner)
    {
        string dir = TestData.NewFolder("tune-" + tuner);
        string data = TestData.Binary(dir);
        string space = Space(dir);
        string model = Path.Combine(dir, "best.zip");

        CliResult run = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2,color",
            "--space", space, "--tuner", tuner, "--trials", "4", "--model", model).Ok();

        Assert.Contains("Study 'default': 4 trials", run.Out);
        Assert.Contains("Top trials (by Accuracy):", run.Out);
        Assert.Contains("Parameter importance", run.Out);
        string[] progress = run.Error.Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(4, progress, run.Error);
        Assert.IsTrue(progress.All(l => l.Contains("LearningRate=") && l.Contains(" s") && l.Contains("| best")), run.Error);
        Assert.IsTrue(File.Exists(model));
    }

    /// <summary>
    /// A conditional space: the trial lines, the stored trials, the ranking and --json show only the parameters each
    /// trial's choices make active (Beta1 under adam, Momentum under momentum, HiddenUnits2 with two layers).
    /// </summary>
    [TestMethod]
    public void Trials_show_only_the_parameters_their_choices_make_active()
    {
        string dir = TestData.NewFolder("tune-conditional");
        string data = TestData.Binary(dir);
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """
            {"parameters": [
              {"name": "Optimizer", "type": "choice", "values": ["momentum", "adam"]},
              {"name": "Beta1", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog", "when": {"Optimizer": ["adam"]}},
              {"name": "Momentum", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog", "when": {"Optimizer": ["momentum"]}},
              {"name": "HiddenLayerCount", "type": "int", "min": 1, "max": 2, "init": 1, "scale": "Linear"},
              {"name": "HiddenUnits1", "type": "int", "min": 4, "max": 16, "init": 8, "scale": "PowerOfTwo"},
              {"name": "HiddenUnits2", "type": "int", "min": 4, "max": 16, "init": 8, "scale": "PowerOfTwo", "when": {"HiddenLayerCount": {"min": 2}}},
              {"name": "NumberOfEpochs", "type": "int", "min": 2, "max": 4, "init": 3, "scale": "Linear"}
            ]}
            """);
        string db = Path.Combine(dir, "study.db");
        string[] args = ["tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random",
            "--storage", "sqlite:" + db, "--model", Path.Combine(dir, "best.zip")];
        CliResult run = CliRunner.Run([.. args, "--trials", "8"]).Ok();

        static void Check(string where, string parameters)
        {
            bool adam = parameters.Contains("Optimizer=adam", StringComparison.Ordinal) || parameters.Contains("Optimizer=\"adam\"", StringComparison.Ordinal);
            Assert.AreEqual(adam, parameters.Contains("Beta1=", StringComparison.Ordinal), $"{where}: {parameters}");
            Assert.AreEqual(!adam, parameters.Contains("Momentum=", StringComparison.Ordinal), $"{where}: {parameters}");
            Assert.AreEqual(parameters.Contains("HiddenLayerCount=2", StringComparison.Ordinal), parameters.Contains("HiddenUnits2=", StringComparison.Ordinal), $"{where}: {parameters}");
        }

        string[] lines = run.Error.Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(8, lines, run.Error);
        Assert.IsTrue(lines.Any(l => l.Contains("Beta1=")) && lines.Any(l => l.Contains("Momentum=")) && lines.Any(l => l.Contains("HiddenUnits2=")) && lines.Any(l => !l.Contains("HiddenUnits2=")), run.Error);
        foreach (string line in lines)
        {
            Check("trial line", line);
        }

        foreach (string line in run.Out.Split('\n').Where(l => l.Contains(". trial ", StringComparison.Ordinal)))
        {
            Check("ranking", line);
        }

        foreach (var trial in new MLNetDeep.AutoML.Stores.SqliteTrialStore(db).GetTrials("default"))
        {
            Check("stored trial", string.Join(" ", JsonDocument.Parse(trial.ParametersJson).RootElement.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}")));
        }

        JsonElement json = CliRunner.Run([.. args, "--trials", "8", "--json"]).Ok().Json();
        Check("--json best", string.Join(" ", json.GetProperty("best").GetProperty("parameters").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}")));
    }

    private const string OptimizerSpace = """
        {"parameters": [
          {"name": "Optimizer", "type": "choice", "values": ["momentum", "adam"]},
          {"name": "Beta1", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog"},
          {"name": "Momentum", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "OneMinusLog", "when": {"Optimizer": ["momentum", "adam"]}},
          {"name": "NumberOfEpochs", "type": "int", "min": 2, "max": 3, "init": 2, "scale": "Linear"}
        ]}
        """;

    /// <summary>
    /// A --space without a "when" for Beta1 gets the knobs' condition (before, Beta1 was sampled and recorded in momentum
    /// trials, where it does nothing); a "when" of the user's own wins, even one that keeps Momentum in every trial.
    /// </summary>
    [TestMethod]
    public void A_space_gets_the_knobs_conditions_where_it_writes_none()
    {
        string dir = TestData.NewFolder("tune-knob-conditions");
        string data = TestData.Binary(dir, rows: 40);
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, OptimizerSpace);
        string db = Path.Combine(dir, "study.db");

        CliResult run = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random",
            "--storage", "sqlite:" + db, "--model", Path.Combine(dir, "best.zip"), "--trials", "6").Ok();

        Assert.Contains($"note: --space '{space}': the knobs' conditions were added: Beta1 only when Optimizer is adam (a \"when\" of your own replaces them).", run.Error);
        var store = new MLNetDeep.AutoML.Stores.SqliteTrialStore(db);
        Assert.Contains("\"name\":\"Beta1\",\"type\":\"float\",\"min\":0.8,\"max\":0.99,\"init\":0.9,\"scale\":\"OneMinusLog\",\"when\":{\"Optimizer\":[\"adam\"]}", store.GetStudy("default")!.SearchSpaceJson, "the study records the condition");
        var trials = store.GetTrials("default").Select(t => JsonDocument.Parse(t.ParametersJson).RootElement).ToList();
        Assert.IsTrue(trials.Any(p => p.GetProperty("Optimizer").GetString() == "momentum") && trials.Any(p => p.GetProperty("Optimizer").GetString() == "adam"), run.Error);
        foreach (JsonElement p in trials)
        {
            Assert.AreEqual(p.GetProperty("Optimizer").GetString() == "adam", p.TryGetProperty("Beta1", out _), p.GetRawText());
            Assert.IsTrue(p.TryGetProperty("Momentum", out _), $"the user's own condition: {p.GetRawText()}");
        }
    }

    /// <summary>A study made from a --space before the knobs' conditions were added resumes with the space as written, saying so.</summary>
    [TestMethod]
    public void A_study_made_before_the_knobs_conditions_resumes_with_the_space_as_written()
    {
        string dir = TestData.NewFolder("tune-knob-conditions-resume");
        string data = TestData.Binary(dir, rows: 40);
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, OptimizerSpace);
        string db = Path.Combine(dir, "study.db");
        var written = MLNetDeep.AutoML.SearchSpaces.SweepSpace.FromJson(OptimizerSpace);
        var store = new MLNetDeep.AutoML.Stores.SqliteTrialStore(db);
        store.OpenStudy(new MLNetDeep.AutoML.Stores.StudyDefinition("old", written.Fingerprint, written.ToJson(), "Accuracy", "maximize"));

        CliResult run = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random",
            "--storage", "sqlite:" + db, "--study", "old", "--model", Path.Combine(dir, "best.zip"), "--trials", "3").Ok();

        Assert.Contains($"note: --space '{space}': study 'old' was made before the knobs' conditions were added to a --space file, so it resumes with the space as written (Beta1 in every trial)", run.Error);
        Assert.AreEqual(written.Fingerprint, store.GetStudy("old")!.Fingerprint);
        Assert.IsTrue(store.GetTrials("old").All(t => t.ParametersJson.Contains("\"Beta1\"", StringComparison.Ordinal)), "as the study's earlier trials were");
        Assert.HasCount(3, store.GetTrials("old"));
    }

    [TestMethod]
    public void Json_is_one_object_with_study_trials_best_and_importance()
    {
        string dir = TestData.NewFolder("tune-json");
        string data = TestData.Multiclass(dir);
        JsonElement json = CliRunner.Run("tune", "--data", data, "--label", "species", "--task", "multiclass", "--space", Space(dir),
            "--tuner", "random", "--trials", "3", "--study", "iris", "--model", Path.Combine(dir, "best.zip"), "--json").Ok().Json();

        CollectionAssert.AreEqual(new[] { "study", "trials", "best", "importance" }, json.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("iris", json.GetProperty("study").GetString());
        Assert.AreEqual(3, json.GetProperty("trials").GetInt32());
        JsonElement best = json.GetProperty("best");
        CollectionAssert.AreEquivalent(new[] { "LearningRate", "HiddenUnits1", "NumberOfEpochs" }, best.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(JsonValueKind.Number, best.GetProperty("metrics").GetProperty("MicroAccuracy").ValueKind);
        Assert.AreEqual(3, json.GetProperty("importance").EnumerateObject().Count());
    }

    [TestMethod]
    public void Running_again_resumes_the_study_and_a_refitted_best_model_predicts()
    {
        string dir = TestData.NewFolder("tune-resume");
        string data = TestData.Binary(dir);
        string space = Space(dir);
        string model = Path.Combine(dir, "best.zip");
        string[] common = ["tune", "--data", data, "--label", "y", "--task", "binary", "--space", space, "--tuner", "tpe",
            "--storage", "sqlite:" + Path.Combine(dir, "study.db"), "--study", "s", "--model", model, "--json"];

        JsonElement first = CliRunner.Run([.. common, "--trials", "3"]).Ok().Json();
        Assert.AreEqual(3, first.GetProperty("trials").GetInt32());
        CliResult second = CliRunner.Run([.. common, "--trials", "5"]).Ok();
        JsonElement json = second.Json();
        Assert.AreEqual(5, json.GetProperty("trials").GetInt32());
        string[] progress = second.Error.Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(new[] { "trial 3", "trial 4" }, progress.Select(l => string.Join(' ', l.Split(' ').Take(2))).ToArray(), "only the new trials ran");
        int bestId = json.GetProperty("best").GetProperty("trialId").GetInt32();
        if (bestId < 3)
        {
            Assert.Contains("refitting", second.Error, "an earlier run's best trial is refitted from its parameters");
        }

        // The saved model works with predict and records the study.
        string unlabeled = TestData.Binary(dir, rows: 20, seed: 9, name: "new.csv", withLabel: false);
        string[][] rows = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", unlabeled).Ok().Out);
        Assert.HasCount(21, rows);
        Assert.IsTrue(rows.Skip(1).All(r => r[^3] is "yes" or "no"));
        string info = CliRunner.Run("info", "--model", model, "--json").Ok().Out;
        Assert.Contains("\"study\":\"s\"", info);
    }

    [TestMethod]
    public void A_changed_space_is_refused_and_fork_starts_a_new_study()
    {
        string dir = TestData.NewFolder("tune-fork");
        string data = TestData.Regression(dir);
        string storage = "sqlite:" + Path.Combine(dir, "study.db");
        string model = Path.Combine(dir, "best.zip");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "regression", "--space", Space(dir), "--trials", "2",
            "--storage", storage, "--study", "reg", "--model", model).Ok();
        string changed = Path.Combine(dir, "changed.json");
        File.WriteAllText(changed, TinySpace.Replace("\"max\": 6", "\"max\": 5", StringComparison.Ordinal));

        string[] again = ["tune", "--data", data, "--label", "y", "--task", "regression", "--space", changed, "--trials", "2",
            "--storage", storage, "--study", "reg", "--model", model, "--json"];
        CliRunner.Run(again).Fails(1, "--study 'reg'", "another search space", "--fork");
        JsonElement forked = CliRunner.Run([.. again, "--fork"]).Ok().Json();
        StringAssert.StartsWith(forked.GetProperty("study").GetString(), "reg@");
        Assert.AreEqual(2, forked.GetProperty("trials").GetInt32());
    }

    [TestMethod]
    [DataRow("""{"name": "Optimizer", "type": "choice", "values": ["adam", "sgd"]}""", "parameter 'Optimizer', value 'sgd'", "momentum")]
    [DataRow("""{"name": "BatchNormalization", "type": "choice", "values": ["yes", "no"]}""", "parameter 'BatchNormalization', value 'yes'", "one of false, true")]
    [DataRow("""{"name": "DropoutRate", "type": "float", "min": 0, "max": 1.5, "init": 0.1, "scale": "Linear"}""", "parameter 'DropoutRate', value 1.5", "[0, 1)")]
    [DataRow("""{"name": "NumberOfEpochs", "type": "int", "min": 0, "max": 3, "init": 2, "scale": "Linear"}""", "parameter 'NumberOfEpochs', value 0", "at least 1")]
    [DataRow("""{"name": "HiddenUnits1", "type": "float", "min": 16, "max": 64, "init": 32, "scale": "Linear"}""", "parameter 'HiddenUnits1', value 16", "an integer")]
    [DataRow("""{"name": "LearningRate", "type": "float", "min": "a", "max": 0.1, "init": 0.01, "scale": "Log"}""", "parameter 'LearningRate'", "\"min\" must be a number")]
    [DataRow("""{"name": "LearningRate", "type": "float", "min": 0.001, "max": 0.1, "init": 0.01}""", "parameter 'LearningRate'", "\"scale\" is missing")]
    [DataRow("""{"name": "Optimizer", "type": "choice", "values": ["momentum", "rmsprop"]}, {"name": "Beta1", "type": "float", "min": 0.8, "max": 0.99, "init": 0.9, "scale": "Linear"}""",
        "Parameter 'Beta1' does nothing under any value 'Optimizer' takes in the search space (momentum, rmsprop)", "a condition of its own")]
    public void Space_values_the_trainer_cannot_take_are_refused_before_any_trial(string parameter, string where, string what)
    {
        string dir = TestData.NewFolder("tune-space-values");
        string data = TestData.Binary(dir, rows: 40);
        string model = Path.Combine(dir, "best.zip");
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, $$"""{"parameters": [{{parameter}}]}""");

        CliResult run = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "2", "--space", space);

        run.Fails(2, $"--space '{space}'", where, what);
        Assert.DoesNotContain("trial 0", run.Error, "refused before any trial ran");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void Storage_that_cannot_be_opened_is_one_line_naming_the_option_and_never_the_password()
    {
        string dir = TestData.NewFolder("tune-storage");
        string data = TestData.Binary(dir, rows: 40);
        string model = Path.Combine(dir, "best.zip");
        string notDatabase = Path.Combine(dir, "notes.db");
        File.WriteAllText(notDatabase, "not a database, but my notes\n");
        string[] args = ["tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "1", "--storage"];

        CliRunner.Run([.. args, "sqlite:" + Path.Combine(dir, "missing", "study.db")]).Fails(2, "--storage", "the folder does not exist");
        CliRunner.Run([.. args, "sqlite:" + data]).Fails(2, "--storage", "the same file as an input");
        string notStore = CliRunner.Run([.. args, "sqlite:" + notDatabase]).Fails(1, "--storage", notDatabase, "cannot be opened", "not a SQLite database");
        Assert.AreEqual(1, Regex.Matches(notStore, "cannot be opened").Count, "said once: " + notStore);
        Assert.AreEqual("not a database, but my notes\n", File.ReadAllText(notDatabase), "the file is left as it was");
        string bad = CliRunner.Run([.. args, "postgres:Hostt=localhost;Password=Sekr1tPw"]).Fails(2, "--storage postgres:", "not valid", "hostt");
        string unreachable = CliRunner.Run([.. args, "postgres:Host=127.0.0.1;Port=1;Database=x;Username=u;Password=Sekr1tPw;Timeout=2"]).Fails(1, "--storage postgres:", "cannot be opened");
        Assert.DoesNotContain("Sekr1tPw", bad + unreachable);
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void More_folds_than_rows_is_refused_naming_the_folds()
    {
        string dir = TestData.NewFolder("tune-folds");
        string data = TestData.Binary(dir, rows: 12);
        string model = Path.Combine(dir, "best.zip");

        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "1", "--folds", "50", "--space", Space(dir))
            .Fails(1, "--folds 50", "12 labelled rows", "at most 12 folds");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    [DataRow("tpe")]
    [DataRow("coarse-to-fine")]
    public void Raising_trials_extends_a_study_whose_tuner_round_size_came_from_trials(string tuner)
    {
        string dir = TestData.NewFolder("tune-extend-" + tuner);
        string data = TestData.Binary(dir, rows: 40);
        string[] args = ["tune", "--data", data, "--label", "y", "--task", "binary", "--space", Space(dir), "--tuner", tuner,
            "--storage", "sqlite:" + Path.Combine(dir, "study.db"), "--study", "s", "--model", Path.Combine(dir, "best.zip"), "--json"];
        Assert.AreEqual(2, CliRunner.Run([.. args, "--trials", "2"]).Ok().Json().GetProperty("trials").GetInt32());

        // --trials 12 alone would make 3 trials per round / startup trials (the first run had 2).
        JsonElement extended = CliRunner.Run([.. args, "--trials", "12"]).Ok().Json();

        Assert.AreEqual("s", extended.GetProperty("study").GetString());
        Assert.AreEqual(12, extended.GetProperty("trials").GetInt32());
    }

    [TestMethod]
    public void Usage_errors_no_limit_and_unknown_storage()
    {
        string dir = TestData.NewFolder("tune-usage");
        string data = TestData.Binary(dir, rows: 40);
        string model = Path.Combine(dir, "best.zip");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model)
            .Fails(2, "neither --trials nor --time", "refuses to start");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "2", "--storage", "mongo:x")
            .Fails(2, "--storage", "unknown storage scheme 'mongo'", "sqlite:PATH", "postgres:", "memory");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "2", "--tuner", "bayes")
            .Fails(2, "--tuner 'bayes'");
        string bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """{"parameters": [{"name": "Speed", "type": "float", "min": 0, "max": 1, "init": 0.5, "scale": "Linear"}]}""");
        CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--trials", "2", "--space", bad)
            .Fails(2, "--space", "unknown parameter Speed");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void Cancelling_saves_the_best_so_far()
    {
        string dir = TestData.NewFolder("tune-cancel");
        string data = TestData.Binary(dir);
        string model = Path.Combine(dir, "best.zip");
        using var cancel = new CancellationTokenSource();
        var stderr = new CancelAfterTrials(cancel, trials: 2);
        int code = CliApp.Run(["tune", "--data", data, "--label", "y", "--task", "binary", "--space", Space(dir), "--trials", "50", "--model", model],
            new StringWriter(), stderr, cancel.Token);
        Assert.AreEqual(130, code, stderr.ToString());
        Assert.IsTrue(File.Exists(model), stderr.ToString());
        Assert.Contains("best trial so far", stderr.ToString());
        CliRunner.Run("info", "--model", model).Ok();
    }

    /// <summary>
    /// train's trainer flags fix a knob for every trial: recorded in each trial's parameters as Fixed.NAME and in the
    /// model; another value on resume is refused naming it; a flag for a swept knob is a usage error.
    /// </summary>
    [TestMethod]
    public void Trainer_flags_fix_a_knob_for_every_trial_and_are_part_of_the_study()
    {
        string dir = TestData.NewFolder("tune-fixed");
        string data = TestData.Binary(dir, rows: 60);
        string space = Space(dir);
        string db = Path.Combine(dir, "study.db");
        string model = Path.Combine(dir, "best.zip");
        string[] common = ["tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--tuner", "random", "--storage", "sqlite:" + db, "--model", model];

        JsonElement json = CliRunner.Run([.. common, "--trials", "2", "--class-weight", "1,3", "--activation", "tanh", "--batch-norm", "false", "--json"]).Ok().Json();
        JsonElement best = json.GetProperty("best").GetProperty("parameters");
        Assert.AreEqual("1,3", best.GetProperty("Fixed.ClassWeights").GetString());
        Assert.AreEqual("tanh", best.GetProperty("Fixed.Activation").GetString());
        JsonElement info = CliRunner.Run("info", "--model", model, "--json").Ok().Json();
        Assert.AreEqual("1,3", info.GetProperty("trainerOptions").GetProperty("ClassWeights").GetString(), "the best model was trained with the fixed options");
        Assert.AreEqual("tanh", info.GetProperty("trainerOptions").GetProperty("Activation").GetString());
        Assert.AreEqual("false", info.GetProperty("trainerOptions").GetProperty("BatchNormalization").GetString());
        Assert.AreEqual("1,3", info.GetProperty("trainerOptionsGiven").GetProperty("--class-weight").GetString());

        // The same flags resume the study; another value is another study.
        CliResult resumed = CliRunner.Run([.. common, "--trials", "3", "--class-weight", "1,3", "--activation", "tanh", "--batch-norm", "false"]).Ok();
        Assert.Contains("fixed in every trial: --activation tanh, --batch-norm false, --class-weight 1,3", resumed.Error);
        Assert.DoesNotContain("Fixed.", resumed.Error, "said once, not in every trial line");
        Assert.DoesNotContain("Fixed.", resumed.Out, "nor in the ranking or the importances");
        CliResult other = CliRunner.Run([.. common, "--trials", "4", "--class-weight", "balanced", "--activation", "tanh", "--batch-norm", "false"]);
        Assert.AreEqual(1, other.Code, other.Error);
        Assert.Contains("Fixed.ClassWeights changed", other.Error);

        CliResult swept = CliRunner.Run([.. common, "--trials", "1", "--lr", "0.05"]);
        Assert.AreEqual(2, swept.Code);
        Assert.Contains("--lr 0.05: the search space sweeps LearningRate, which sets LearningRate in every trial; leave the flag out, or give a --space without LearningRate.", swept.Error);
        CliResult wrongCount = CliRunner.Run([.. common, "--trials", "1", "--study", "other", "--class-weight", "1,2,3"]);
        Assert.AreEqual(2, wrongCount.Code);
        Assert.Contains("--class-weight 1,2,3: 3 weights, but the label 'y' has 2 classes (no, yes)", wrongCount.Error);
        Assert.AreEqual(2, CliRunner.Run([.. common, "--trials", "1", "--checkpoint-dir", dir]).Code, "the checkpoint flags are train's only");
    }

    /// <summary>
    /// A trainer flag given at the trainer's default (FeedForwardDefaults) changes no trial, so it is no Fixed.NAME
    /// parameter and the study resumes with or without it. Before, --batch-size 128 became Fixed.BatchSize=128, and
    /// resuming the study without the flag was refused as another search space. Another value is still refused. A study
    /// made before, which holds such a flag as Fixed.NAME, resumes with or without it too.
    /// </summary>
    [TestMethod]
    public void A_trainer_flag_at_its_default_is_no_fixed_parameter_so_the_study_resumes_with_or_without_it()
    {
        string dir = TestData.NewFolder("tune-fixed-default");
        string data = TestData.Binary(dir, rows: 60);
        string db = Path.Combine(dir, "study.db");
        string[] common = ["tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", Space(dir), "--tuner", "random",
            "--storage", "sqlite:" + db, "--model", Path.Combine(dir, "best.zip")];
        JsonElement json = CliRunner.Run([.. common, "--trials", "1", "--batch-size", "128", "--dropout", "0.20", "--activation", "tanh", "--json"]).Ok().Json();
        CollectionAssert.AreEqual(new[] { "Fixed.Activation" }, json.GetProperty("best").GetProperty("parameters").EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("Fixed.", StringComparison.Ordinal)).ToArray());
        CliRunner.Run([.. common, "--trials", "2", "--activation", "tanh"]).Ok();
        CliRunner.Run([.. common, "--trials", "3", "--activation", "tanh", "--batch-size", "128"]).Ok();
        CliResult other = CliRunner.Run([.. common, "--trials", "4", "--activation", "tanh", "--batch-size", "64"]);
        Assert.AreEqual(1, other.Code, other.Error);
        Assert.Contains("Fixed.BatchSize", other.Error);

        var old = MLNetDeep.AutoML.SearchSpaces.SweepSpace.FromJson(TinySpace);
        old.Add(new MLNetDeep.AutoML.SearchSpaces.ChoiceParameter("Fixed.BatchSize", ["128"], 0));
        new MLNetDeep.AutoML.Stores.SqliteTrialStore(db).OpenStudy(new MLNetDeep.AutoML.Stores.StudyDefinition("old", old.Fingerprint, old.ToJson(), "Accuracy", "maximize"));
        CliRunner.Run([.. common, "--study", "old", "--trials", "1", "--batch-size", "128"]).Ok();
        CliRunner.Run([.. common, "--study", "old", "--trials", "2"]).Ok();
        Assert.AreEqual(1, CliRunner.Run([.. common, "--study", "old", "--trials", "3", "--batch-size", "64"]).Code);
    }

    /// <summary>
    /// <c>--hidden none</c> (a linear model) is fixed as "none": before, the knob's empty text made the error
    /// "--hidden : the search space sweeps ..." and the study's parameter and report "Fixed.HiddenLayers = .".
    /// </summary>
    [TestMethod]
    public void Hidden_none_is_fixed_and_named_as_none()
    {
        string dir = TestData.NewFolder("tune-fixed-none");
        string data = TestData.Binary(dir, rows: 60);
        string[] common = ["tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--tuner", "random", "--trials", "1", "--hidden", "none",
            "--model", Path.Combine(dir, "best.zip")];
        CliResult swept = CliRunner.Run([.. common, "--space", Space(dir)]);
        Assert.AreEqual(2, swept.Code, swept.Error);
        Assert.Contains("--hidden none: the search space sweeps HiddenUnits1", swept.Error);

        string onlyRate = Path.Combine(dir, "rate.json");
        File.WriteAllText(onlyRate, """{"parameters": [{"name": "LearningRate", "type": "float", "min": 0.003, "max": 0.1, "init": 0.01, "scale": "Log"}]}""");
        JsonElement json = CliRunner.Run([.. common, "--space", onlyRate, "--json"]).Ok().Json();
        Assert.AreEqual("none", json.GetProperty("best").GetProperty("parameters").GetProperty("Fixed.HiddenLayers").GetString());
    }

    /// <summary>
    /// The saved best model's trainSeconds (info: "History (N s)") is its trial's training time, as the trial's progress
    /// line gives it; before, it was the time spent evaluating the model after the sweep (0.02 s for a 0.12 s trial).
    /// </summary>
    [TestMethod]
    public void The_best_models_train_seconds_are_its_trials()
    {
        string dir = TestData.NewFolder("tune-seconds");
        string data = TestData.Binary(dir);
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"parameters": [{"name": "NumberOfEpochs", "type": "int", "min": 40, "max": 41, "init": 40, "scale": "Linear"}]}""");
        string model = Path.Combine(dir, "best.zip");
        CliResult run = CliRunner.Run("tune", "--data", data, "--label", "y", "--task", "binary", "--space", space, "--tuner", "random", "--trials", "2",
            "--storage", "memory", "--model", model, "--json").Ok();
        int best = run.Json().GetProperty("best").GetProperty("trialId").GetInt32();
        string line = run.Error.Split('\n').Single(l => l.StartsWith($"trial {best} ", StringComparison.Ordinal));
        double trialSeconds = double.Parse(Regex.Match(line, @"  ([0-9.]+) s").Groups[1].Value, CultureInfo.InvariantCulture);
        double recorded = CliRunner.Run("info", "--model", model, "--json").Ok().Json().GetProperty("trainSeconds").GetDouble();
        Assert.AreEqual(trialSeconds, recorded, 0.0051, line);
    }

    /// <summary>
    /// A trial longer than --time: the first run stops it, re-queues it and says the next run retries it once more; the
    /// second run stops it again and fails it, saying why and what to do (before, every run re-queued it for ever).
    /// </summary>
    [TestMethod]
    public void A_trial_longer_than_time_is_retried_once_then_fails()
    {
        string dir = TestData.NewFolder("tune-time");
        string data = TestData.Binary(dir, rows: 60);
        string space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"parameters": [{"name": "LearningRate", "type": "float", "min": 0.003, "max": 0.1, "init": 0.01, "scale": "Log"}]}""");
        string[] args = ["tune", "--data", data, "--label", "y", "--task", "binary", "--features", "x1,x2", "--space", space, "--epochs", "100000000",
            "--time", "2", "--storage", "sqlite:" + Path.Combine(dir, "study.db"), "--model", Path.Combine(dir, "best.zip")];

        CliResult first = CliRunner.Run(args);
        first.Fails(1, "no trial completed within --time 2 s");
        Assert.MatchesRegex(@"trial 0 was stopped by --time after [0-9.]+ s of training and re-queued: the next run retries it once more \(and fails it if --time stops it again", first.Error);
        CliResult second = CliRunner.Run(args);
        second.Fails(1, "no trial completed within --time 2 s");
        Assert.MatchesRegex(@"trial 0 failed: stopped by the time limit in 2 runs \(after [0-9.]+ s and [0-9.]+ s of training\); a trial this long needs a larger time limit \(--time / SetTrainingTimeInSeconds\) or a smaller space", second.Error);
        Assert.DoesNotContain("re-queued", second.Error);
    }

    private static string Space(string dir)
    {
        string path = Path.Combine(dir, "space.json");
        File.WriteAllText(path, TinySpace);
        return path;
    }

    /// <summary>A stderr that presses Ctrl+C once it has seen <c>trials</c> progress lines.</summary>
    private sealed class CancelAfterTrials(CancellationTokenSource cancel, int trials) : StringWriter
    {
        private int _seen;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith("trial ", StringComparison.Ordinal) && ++_seen == trials)
            {
                cancel.Cancel();
            }
        }
    }
}
