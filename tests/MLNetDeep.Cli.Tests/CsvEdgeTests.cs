namespace MLNetDeep.Cli.Tests;

using System.Globalization;
using System.Text;

/// <summary>Real-world CSV files through <c>train</c> and <c>predict</c>: separators, odd headers, empty and wide files.</summary>
[TestClass]
public sealed class CsvEdgeTests
{
    [TestMethod]
    public void A_semicolon_file_with_a_spaced_header_trains_and_predicts()
    {
        // Both used to fail: ';' read the file as one column, " x1 " failed with "Could not find input column ' x1 '".
        string dir = TestData.NewFolder("semicolon");
        string[] lines = File.ReadAllLines(TestData.Binary(dir));
        lines[0] = "\" x1 \";x2;color;y";
        string csv = TestData.Write(dir, "european.csv", string.Join("\r\n", lines.Select((l, i) => i == 0 ? l : l.Replace(',', ';'))));
        string model = Path.Combine(dir, "m.zip");

        CliResult train = CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();
        Assert.Contains("european.csv: fields separated by ';' (found in the header)", train.Error);
        Assert.Contains("numeric columns: x1 (numbers), x2 (numbers)", train.Error);
        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", csv).Ok();
        string[][] rows = TestData.ReadCsv(predict.Out);
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "y", "PredictedLabel", "Score", "Probability" }, rows[0]);
        Assert.HasCount(lines.Length, rows);
    }

    [TestMethod]
    public void A_label_named_in_the_wrong_case_suggests_the_real_name()
    {
        string dir = TestData.NewFolder("label-case");
        CliRunner.Run("train", "--data", TestData.Binary(dir), "--label", "Y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"))
            .Fails(2, "--label", "no column 'Y'", "Did you mean 'y'?");
    }

    [TestMethod]
    public void A_header_without_data_rows_is_an_error_saying_so()
    {
        // It used to say "no feature column besides the label", every column being "entirely missing".
        string dir = TestData.NewFolder("header-only");
        string csv = TestData.Write(dir, "empty.csv", "x1,x2,color,y\n");
        CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"))
            .Fails(1, "empty.csv has a header but no data rows");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "m.zip")));
    }

    [TestMethod]
    public void An_input_column_named_like_a_prediction_column_is_echoed_under_another_name()
    {
        // A feature called Score used to give predict's output two Score columns (pandas reads the input's as "Score").
        string dir = TestData.NewFolder("score-column");
        string[] lines = File.ReadAllLines(TestData.Binary(dir));
        lines[0] = "Score,Probability,color,y";
        string csv = TestData.Write(dir, "score.csv", string.Join("\n", lines) + "\n");
        string model = Path.Combine(dir, "m.zip");
        CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2").Ok();

        CliResult predict = CliRunner.Run("predict", "--model", model, "--data", csv).Ok();
        string[][] rows = TestData.ReadCsv(predict.Out);
        CollectionAssert.AreEqual(new[] { "Score_input", "Probability_input", "color", "y", "PredictedLabel", "Score", "Probability" }, rows[0]);
        Assert.AreEqual(TestData.ReadCsv(File.ReadAllText(csv))[1][0], rows[1][0], "the input's value is echoed under the new name");
        Assert.Contains("the input column 'Score' is written as 'Score_input'", predict.Error);
    }

    [TestMethod]
    public void A_wide_file_names_the_first_columns_of_each_kind_and_counts_the_rest()
    {
        // 2,000 columns used to print one stderr line of 2,000 names.
        string dir = TestData.NewFolder("wide");
        var rng = new Random(7);
        var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, 25).Select(i => $"f{i}")) + ",y\n");
        for (int r = 0; r < 40; r++)
        {
            sb.Append(string.Join(",", Enumerable.Range(0, 25).Select(_ => rng.NextDouble().ToString("F3", CultureInfo.InvariantCulture)))).Append(r % 2 == 0 ? ",a\n" : ",b\n");
        }

        string csv = TestData.Write(dir, "wide.csv", sb.ToString());
        CliResult train = CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"), "--epochs", "1").Ok();
        string line = train.Error.Split('\n').Single(l => l.StartsWith("numeric columns:", StringComparison.Ordinal));
        Assert.Contains("f19 (numbers), ... and 5 more (25 in all)", line);
        Assert.DoesNotContain("f20", line);
    }
}
