namespace MLNetDeep.Cli.Tests;

using System.CommandLine;

[TestClass]
public sealed class ErrorTests
{
    private static string _dir = "";
    private static string _data = "";
    private static string _model = "";

    [ClassInitialize]
    public static void Setup(TestContext context)
    {
        _ = context;
        _dir = TestData.NewFolder("errors");
        _data = TestData.Binary(_dir);
        _model = Path.Combine(_dir, "m.zip");
        CliRunner.Run("train", "--data", _data, "--label", "y", "--task", "binary", "--model", _model, "--epochs", "2").Ok();
    }

    // The base arguments, minus any option the test gives itself (an option given twice is a different error).
    private static CliResult Train(params string[] extra)
    {
        string[] baseArgs = ["--data", _data, "--label", "y", "--task", "binary", "--model", Path.Combine(_dir, "other.zip"), "--epochs", "1"];
        var args = new List<string> { "train" };
        for (int i = 0; i < baseArgs.Length; i += 2)
        {
            if (!extra.Contains(baseArgs[i]))
            {
                args.Add(baseArgs[i]);
                args.Add(baseArgs[i + 1]);
            }
        }

        return CliRunner.Run([.. args, .. extra]);
    }

    [TestMethod]
    public void Unknown_option_is_a_usage_error_naming_it() => Train("--frobnicate", "3").Fails(2, "--frobnicate");

    [TestMethod]
    public void Unknown_command_and_no_command_are_usage_errors()
    {
        CliRunner.Run("fly").Fails(2, "fly");
        CliRunner.Run().Fails(2);
    }

    [TestMethod]
    public void Missing_required_option_is_a_usage_error() =>
        CliRunner.Run("train", "--data", _data, "--model", "x.zip").Fails(2, "--task");

    [TestMethod]
    [DataRow("--lr", "abc")]
    [DataRow("--epochs", "2.5")]
    [DataRow("--hidden", "256,x")]
    [DataRow("--activation", "swish")]
    [DataRow("--optimizer", "lbfgs")]
    [DataRow("--init", "magic")]
    [DataRow("--lr-decay", "sometimes")]
    [DataRow("--task", "ranking")]
    [DataRow("--test-fraction", "lots")]
    public void Unparsable_values_name_the_option_and_the_value(string option, string value) =>
        Train(option, value).Fails(2, option, value);

    [TestMethod]
    [DataRow("--dropout", "1.5")]
    [DataRow("--batch-size", "0")]
    [DataRow("--epochs", "-3")]
    [DataRow("--beta2", "1")]
    [DataRow("--early-stopping", "0")]
    [DataRow("--test-fraction", "1.5")]
    public void Out_of_range_values_name_the_option_and_the_value(string option, string value) =>
        Train(option, value).Fails(2, option, value);

    [TestMethod]
    public void Test_and_test_fraction_together_are_a_usage_error() =>
        Train("--test", _data, "--test-fraction", "0.2").Fails(2, "--test", "--test-fraction");

    [TestMethod]
    public void Unknown_label_or_feature_column_is_a_usage_error()
    {
        CliRunner.Run("train", "--data", _data, "--label", "nope", "--task", "binary", "--model", "x.zip").Fails(2, "--label", "nope");
        Train("--features", "x1,ghost").Fails(2, "--features", "ghost");
    }

    [TestMethod]
    public void Missing_files_are_runtime_errors()
    {
        CliRunner.Run("train", "--data", Path.Combine(_dir, "none.csv"), "--task", "binary", "--model", "x.zip").Fails(1, "none.csv", "does not exist");
        CliRunner.Run("evaluate", "--model", Path.Combine(_dir, "none.zip"), "--data", _data).Fails(1, "none.zip", "does not exist");
        CliRunner.Run("predict", "--model", _model, "--data", Path.Combine(_dir, "gone.csv")).Fails(1, "gone.csv");
        CliRunner.Run("info", "--model", _data).Fails(1, "is not an ML.NET model");
    }

    [TestMethod]
    public void A_text_value_in_a_numeric_column_names_file_line_column_and_value()
    {
        string bad = TestData.Write(_dir, "bad.csv", "x1,x2,color\n50.1,0.3,red\n49.0,oops,blue\n");
        CliRunner.Run("predict", "--model", _model, "--data", bad).Fails(1, "bad.csv", "oops", "x2", "line 3");
    }

    [TestMethod]
    public void Wrong_label_values_are_runtime_errors()
    {
        string three = TestData.Write(_dir, "three.csv", "x,y\n1,a\n2,b\n3,c\n");
        CliRunner.Run("train", "--data", three, "--label", "y", "--task", "binary", "--model", Path.Combine(_dir, "t.zip")).Fails(1, "exactly two", "'a', 'b', 'c'");
        CliRunner.Run("train", "--data", three, "--label", "y", "--task", "regression", "--model", Path.Combine(_dir, "t.zip")).Fails(1, "numeric label", "'a'");
        string unseen = TestData.Write(_dir, "unseen.csv", "x1,x2,color,y\n50,0.1,red,maybe\n");
        CliRunner.Run("evaluate", "--model", _model, "--data", unseen).Fails(1, "maybe", "row 1");
    }

    [TestMethod]
    public void Diverged_training_is_a_runtime_error()
    {
        string dir = TestData.NewFolder("diverge");
        string data = TestData.Regression(dir);
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "regression", "--model", Path.Combine(dir, "m.zip"),
            "--optimizer", "gd", "--lr", "1e12", "--epochs", "5").Fails(1, "diverged");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "m.zip")));
    }

    [TestMethod]
    public void An_exploding_loss_under_batch_norm_is_divergence_naming_the_epoch_and_no_model_is_written()
    {
        // Batch norm (the default) keeps the loss finite at --lr 1e3; it grew to ~1e7 and the model was saved.
        string model = Path.Combine(_dir, "exploded.zip");
        Train("--lr", "1e3", "--epochs", "3", "--model", model).Fails(1, "diverged", "at epoch 1,", "times the first batch's", "smaller --lr");
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void Nesterov_without_the_momentum_optimizer_is_a_usage_error()
    {
        Train("--nesterov").Fails(2, "--nesterov", "Nesterov is true but the optimizer is Adam", "Momentum only");
        Train("--nesterov", "--optimizer", "rmsprop").Fails(2, "--nesterov", "the optimizer is RmsProp");
        Train("--nesterov", "--optimizer", "momentum").Ok();
    }

    [TestMethod]
    public void A_cosine_warm_up_longer_than_the_epochs_is_a_usage_error_naming_the_flag() =>
        Train("--lr-decay", "cosine:100", "--epochs", "3").Fails(2, "--lr-decay cosine:100", "warm-up of 100 epochs is longer than the 3 epochs");

    [TestMethod]
    public void Batch_size_1_with_the_default_batch_norm_is_a_usage_error_naming_the_flag() =>
        Train("--batch-size", "1").Fails(2, "--batch-size 1", "BatchSize is 1 with BatchNormalization", "BatchNormalization = false");

    [TestMethod]
    public void Resume_without_a_checkpoint_folder_is_a_usage_error() =>
        Train("--resume").Fails(2, "--resume true", "CheckpointFolder is not set");

    [TestMethod]
    public void A_flag_the_other_options_make_irrelevant_is_accepted_with_a_note()
    {
        // These trained without a word: --beta1 with momentum, --dropout without hidden layers.
        string err = Train("--optimizer", "momentum", "--beta1", "0.85", "--momentum", "0.8", "--dropout", "0.3").Ok().Error;
        Assert.Contains("note: --beta1 0.85 is not used: it applies to --optimizer adam or adamw, not momentum.", err);
        Assert.DoesNotContain("--momentum 0.8 is not used", err);
        Assert.DoesNotContain("--dropout 0.3 is not used", err);
        err = Train("--hidden", "none", "--dropout", "0.3", "--restore-best", "false").Ok().Error;
        Assert.Contains("note: --dropout 0.3 is not used: it applies to hidden layers and there are no hidden layers (--hidden none).", err);
        Assert.Contains("note: --restore-best false is not used: it applies with --early-stopping.", err);
    }

    [TestMethod]
    public void A_flag_given_at_its_default_is_not_set_so_it_gets_no_note()
    {
        // The library's rule (FeedForwardKnob.Unused), the one the trainers warn with: a default value is not "set".
        string err = Train("--optimizer", "adam", "--momentum", "0.9", "--leaky-slope", "0.01", "--rmsprop-decay", "0.95").Ok().Error;
        Assert.DoesNotContain("--momentum", err);
        Assert.DoesNotContain("--leaky-slope", err);
        Assert.Contains("note: --rmsprop-decay 0.95 is not used: it applies to --optimizer rmsprop, not adam.", err);
    }

    [TestMethod]
    public void Help_succeeds() => Assert.Contains("--hidden", CliRunner.Run("train", "--help").Ok().Out);

    /// <summary>
    /// Each command's help is written for the installed tool: its usage line says <c>mlnetdeep COMMAND</c> (it said
    /// <c>MLNetDeep.Cli train [options]</c>, the assembly's name), a default is stated once (the descriptions repeated
    /// System.CommandLine's <c>[default: X]</c> as "Default X."), and every value is named in capitals, not by the
    /// option's own name (serve showed <c>--max-body &lt;max-body&gt;</c>).
    /// </summary>
    [TestMethod]
    public void Help_names_the_tool_states_each_default_once_and_names_every_value()
    {
        StringAssert.Contains(CliRunner.Run("--help").Ok().Out, "mlnetdeep [command] [options]");
        Command root = CliApp.BuildRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, false, CancellationToken.None));
        foreach (Command command in root.Subcommands)
        {
            string help = CliRunner.Run(command.Name, "--help").Ok().Out;
            StringAssert.Contains(help, $"mlnetdeep {command.Name} [options]", command.Name);
            Assert.DoesNotContain("MLNetDeep.Cli", help, command.Name);
            foreach (Option option in command.Options.Where(o => o.HasDefaultValue && o.ValueType != typeof(bool)))
            {
                string value = Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture)!;
                Assert.DoesNotContain($"Default {value}", help, $"mlnetdeep {command.Name} {option.Name} states its default beside [default: {value}]");
            }

            foreach (Option option in command.Options.Where(o => o.ValueType != typeof(bool)))
            {
                Assert.DoesNotContain($"<{option.Name.TrimStart('-')}>", help, $"mlnetdeep {command.Name} {option.Name} has no HelpName");
            }
        }
    }
}
