namespace MLNetDeep.Cli.Tests;

using System.Text.RegularExpressions;

/// <summary>CSV rows whose label cell is empty, <c>?</c> or <c>NaN</c>: not trained on, not evaluated, not counted as a class.</summary>
[TestClass]
public sealed class MissingLabelTests
{
    // The binary file with every 10th label cell emptied, '?' or 'NaN' (20 of 200).
    private static (string Csv, int No, int Yes) Unlabelled(string dir)
    {
        string[] lines = File.ReadAllLines(TestData.Binary(dir));
        string[] missing = ["", "?", "NaN"];
        for (int i = 1; i < lines.Length; i++)
        {
            if (i % 10 == 0)
            {
                lines[i] = lines[i][..(lines[i].LastIndexOf(',') + 1)] + missing[i / 10 % 3];
            }
        }

        int no = lines.Skip(1).Count(l => l.EndsWith(",no", StringComparison.Ordinal));
        int yes = lines.Skip(1).Count(l => l.EndsWith(",yes", StringComparison.Ordinal));
        Assert.AreEqual(180, no + yes);
        return (TestData.Write(dir, "unlabelled.csv", string.Join("\n", lines) + "\n"), no, yes);
    }

    [TestMethod]
    public void Rows_without_a_label_are_skipped_said_and_not_counted_as_negatives_in_the_report()
    {
        string dir = TestData.NewFolder("missing-labels");
        (string csv, int no, int yes) = Unlabelled(dir);
        string model = Path.Combine(dir, "m.zip"), report = Path.Combine(dir, "r.html");
        CliResult train = CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "binary", "--model", model, "--epochs", "2", "--report", report).Ok();
        Assert.Contains("unlabelled.csv: skipped 20 rows with a missing label", train.Error);
        Assert.Contains("Trained a binary classifier on 180 rows", train.Out);
        // The report's label distribution used to count the 20 unlabelled rows as 'no' (the Boolean label's false).
        string html = File.ReadAllText(report);
        Match table = Regex.Match(html, "Label distribution of [^<]*\\(training rows\\).*?</table>", RegexOptions.Singleline);
        Assert.IsTrue(table.Success, "the report has the training rows' label distribution");
        StringAssert.Contains(table.Value, $"<td>no</td><td class=\"num\">{no}</td>");
        StringAssert.Contains(table.Value, $"<td>yes</td><td class=\"num\">{yes}</td>");

        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--json").Ok();
        Assert.Contains("unlabelled.csv: skipped 20 rows with a missing label", evaluate.Error);
    }

    [TestMethod]
    public void A_file_whose_labels_are_all_missing_is_an_error_naming_the_label_column()
    {
        string dir = TestData.NewFolder("no-labels");
        string[] lines = File.ReadAllLines(TestData.Binary(dir));
        string csv = TestData.Write(dir, "nolabels.csv", string.Join("\n", lines.Select((l, i) => i == 0 ? l : l[..(l.LastIndexOf(',') + 1)] + (i % 2 == 0 ? "?" : ""))) + "\n");
        CliRunner.Run("train", "--data", csv, "--label", "y", "--task", "regression", "--model", Path.Combine(dir, "m.zip"))
            .Fails(1, "nolabels.csv has no rows with a label in column 'y'", "all 200 rows have a missing label");
    }
}
