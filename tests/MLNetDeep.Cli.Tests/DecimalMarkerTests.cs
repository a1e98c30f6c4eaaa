namespace MLNetDeep.Cli.Tests;

/// <summary>European CSV files (<c>;</c>-separated, <c>3,14</c>) read with <c>--decimal-marker ,</c> by every command that reads a CSV.</summary>
[TestClass]
public sealed class DecimalMarkerTests
{
    // The binary file written the European way: fields separated by ';', numbers with a decimal comma.
    private static string European(string dir, string csv) =>
        TestData.Write(dir, "european.csv", string.Join("\n", File.ReadAllLines(csv).Select(l => l.Replace(',', ';').Replace('.', ','))) + "\n");

    [TestMethod]
    public void A_decimal_comma_file_trains_evaluates_reports_and_predicts_and_the_model_reads_dot_files_too()
    {
        string dir = TestData.NewFolder("decimal-comma");
        string dot = TestData.Binary(dir);
        string comma = European(dir, dot);
        string model = Path.Combine(dir, "m.zip");

        // Before: refused, naming the cell; now the refusal says which flag reads it.
        CliRunner.Run("train", "--data", comma, "--label", "y", "--task", "binary", "--model", model)
            .Fails(1, "european.csv, line 2 (data row 1), column 'x1'", "--decimal-marker ,");
        CliResult train = CliRunner.Run("train", "--data", comma, "--test", comma, "--decimal-marker", ",", "--label", "y", "--task", "binary", "--model", model, "--epochs", "3").Ok();
        Assert.Contains("numeric columns: x1 (numbers), x2 (numbers)", train.Error);
        CliRunner.Run("evaluate", "--model", model, "--data", comma, "--decimal-marker", ",").Ok();
        CliRunner.Run("report", "--model", model, "--data", comma, "--decimal-marker", ",", "--out", Path.Combine(dir, "r.html")).Ok();

        // The model does not keep the marker: the same numbers written with a dot score the same.
        string[][] fromComma = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", comma, "--decimal-marker", ",").Ok().Out);
        string[][] fromDot = TestData.ReadCsv(CliRunner.Run("predict", "--model", model, "--data", dot).Ok().Out);
        Assert.HasCount(fromDot.Length, fromComma);
        int score = Array.IndexOf(fromDot[0], "Score");
        CollectionAssert.AreEqual(fromDot.Select(r => r[score]).ToArray(), fromComma.Select(r => r[score]).ToArray());
    }

    [TestMethod]
    public void A_decimal_comma_with_a_comma_separator_is_refused_naming_both()
    {
        string dir = TestData.NewFolder("decimal-comma-clash");
        CliRunner.Run("train", "--data", TestData.Binary(dir), "--decimal-marker", ",", "--label", "y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"))
            .Fails(2, "--decimal-marker", "',' cannot be the decimal marker of", "separated by ',' too");
        CliRunner.Run("train", "--data", TestData.Binary(dir), "--decimal-marker", ";", "--label", "y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"))
            .Fails(2, "--decimal-marker ';' is not valid; expected . or ,.");
    }

    [TestMethod]
    public void Tune_reads_a_decimal_comma_file()
    {
        string dir = TestData.NewFolder("decimal-comma-tune");
        string comma = European(dir, TestData.Binary(dir));
        string space = TestData.Write(dir, "space.json", TuneTests.TinySpace);
        CliRunner.Run("tune", "--data", comma, "--decimal-marker", ",", "--label", "y", "--task", "binary", "--model", Path.Combine(dir, "m.zip"),
            "--trials", "1", "--space", space).Ok();
    }
}
