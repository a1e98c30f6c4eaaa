namespace MLNetDeep.Cli.Tests;

/// <summary><c>predict</c> and <c>evaluate</c> on categories the model never saw: a note per column on stderr, and the rows still scored.</summary>
[TestClass]
public sealed class UnseenCategoryTests
{
    [TestMethod]
    public void Predict_and_evaluate_note_per_column_how_many_rows_hold_a_category_never_seen()
    {
        // Before: such a category was one-hot encoded as all zeros without a word.
        string dir = TestData.NewFolder("unseen-categories");
        string csv = TestData.Binary(dir);
        string model = Path.Combine(dir, "m.zip");
        CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();
        string[] lines = File.ReadAllLines(csv);
        string[] colors = ["purple", "teal", "ochre", "mauve", "red"];
        int unseen = 0;
        for (int i = 1; i <= 50; i++)
        {
            string[] f = lines[i].Split(',');
            f[2] = i <= 5 ? "" : colors[i % colors.Length];
            unseen += f[2] is "" or "red" ? 0 : 1;
            lines[i] = string.Join(',', f);
        }

        string other = TestData.Write(dir, "other.csv", string.Join("\n", lines) + "\n");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", other).Ok();
        Assert.HasCount(lines.Length, TestData.ReadCsv(predict.Out), "every row is still scored");
        string note = predict.Error.Split('\n').Single(l => l.Contains("never saw", StringComparison.Ordinal));
        Assert.AreEqual($"{other}: column 'color': {unseen} rows have a category the model never saw in training (for example 'teal', 'ochre', 'mauve'); it is encoded as no category (all zeros)", note.TrimEnd('\r'));

        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--data", other).Ok();
        Assert.Contains($"column 'color': {unseen} rows have a category the model never saw", evaluate.Error);
        Assert.DoesNotContain("never saw", CliRunner.Run("predict", "--model", model, "--data", csv).Ok().Error, "the training file has no such category");
    }
}
