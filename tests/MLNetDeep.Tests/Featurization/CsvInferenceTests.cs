namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

[TestClass]
public sealed class CsvInferenceTests
{
    [TestMethod]
    public void Each_column_gets_its_kind_and_type_from_the_whole_file()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Mixed(CsvFiles.Folder("kinds"));
        CsvColumnInference result = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" });

        Assert.AreEqual(200, result.RowCount);
        Assert.AreEqual(',', result.Separator);
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "note", "constant", "y" }, result.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(
            new[] { CsvColumnKind.Numeric, CsvColumnKind.Numeric, CsvColumnKind.Categorical, CsvColumnKind.Text, CsvColumnKind.Ignored, CsvColumnKind.Label },
            result.Columns.Select(c => c.Kind).ToArray(), result.ToString());
        CollectionAssert.AreEqual(new[] { DataKind.Single, DataKind.Single, DataKind.String, DataKind.String, DataKind.Single, DataKind.String },
            result.Columns.Select(c => c.DataKind).ToArray());
        Assert.AreEqual(12, result.Find("x2")!.MissingCount, "rows 5, 22, ... of 200 have an empty x2");
        Assert.AreEqual(3, result.Find("color")!.DistinctCount);
        Assert.AreEqual("constant", result.Find("constant")!.Reason);
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "note" }, result.Features.Select(c => c.Name).ToArray());
        Assert.AreEqual("y", result.Label!.Name);
    }

    [TestMethod]
    public void The_loader_options_load_what_the_scan_saw()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("load");
        string tsv = CsvFiles.Write(folder, "d.tsv", "a\tb\tlabel\n1.5\t\"two words\"\t1\n?\tthree\t0\n NaN \t\"multi\nline\"\t1\n2e3\tfour\tNA\n");
        CsvColumnInference result = ml.Data.InferCsvColumns(tsv, new CsvInferenceOptions { LabelColumnName = "label" });
        Assert.AreEqual('\t', result.Separator, ".tsv is tab-separated");
        Assert.AreEqual(4, result.RowCount, "the quoted line break is inside a field");
        Assert.AreEqual(DataKind.Single, result.Label!.DataKind);
        IDataView data = ml.Data.LoadFromTextFile(result.Path, result.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN, float.NaN, 2000f }, data.GetColumn<float>("a").ToArray());
        CollectionAssert.AreEqual(new[] { "two words", "three", "multi\nline", "four" }, data.GetColumn<ReadOnlyMemory<char>>("b").Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 0f, 1f, float.NaN }, data.GetColumn<float>("label").ToArray());
    }

    [TestMethod]
    public void One_bad_cell_in_a_numeric_column_is_an_error_naming_file_line_row_column_and_value()
    {
        // Issue 14 #2: one "0.3x" used to turn the column into text and drop it from the features.
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("typo");
        string[] lines = File.ReadAllLines(CsvFiles.Mixed(folder));
        lines[42] = "0.3x" + lines[42][lines[42].IndexOf(',', StringComparison.Ordinal)..];
        string csv = CsvFiles.Write(folder, "typo.csv", string.Join("\n", lines) + "\n");

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" }));
        foreach (string fragment in new[] { csv, "line 43", "data row 42", "column 'x1'", "'0.3x'", "199 of the column's 200" })
        {
            StringAssert.Contains(e.Message, fragment);
        }

        CsvColumnInference declared = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions
        {
            LabelColumnName = "y",
            ColumnKinds = new Dictionary<string, CsvColumnKind> { ["x1"] = CsvColumnKind.Categorical },
        });
        Assert.AreEqual(CsvColumnKind.Categorical, declared.Find("x1")!.Kind, "a declared kind keeps the column, as text");
        Assert.AreEqual(DataKind.String, declared.Find("x1")!.DataKind);
    }

    [TestMethod]
    public void A_record_with_more_or_fewer_fields_than_the_header_is_an_error_naming_the_line()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("fields");
        string more = CsvFiles.Write(folder, "more.csv", "a,b,y\n1,2,0\n3,4,1,5\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(more));
        StringAssert.Contains(e.Message, "more.csv, line 3 (data row 2): 4 fields, but the header has 3");
        string fewer = CsvFiles.Write(folder, "fewer.csv", "a,b,y\n1,2,0\n\n3,4\n");
        e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(fewer));
        StringAssert.Contains(e.Message, "fewer.csv, line 4 (data row 2): 2 fields, but the header has 3");
    }

    [TestMethod]
    public void Declared_types_check_every_value_the_way_MLNET_parses_it()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("types");
        string csv = CsvFiles.Write(folder, "score.csv", "x,flag\n1,yes\n2,F\n oops ,true\n");
        var types = new Dictionary<string, DataKind> { ["x"] = DataKind.Single, ["flag"] = DataKind.Boolean };
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { ColumnTypes = types }));
        StringAssert.Contains(e.Message, "line 4 (data row 3), column 'x': ' oops ' is not a number");

        string good = CsvFiles.Write(folder, "good.csv", "x,flag\n1,yes\n2,F\n,-1\n");
        CsvColumnInference result = ml.Data.InferCsvColumns(good, new CsvInferenceOptions { ColumnTypes = types });
        IDataView data = ml.Data.LoadFromTextFile(good, result.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { true, false, false }, data.GetColumn<bool>("flag").ToArray(), "every Boolean the scan accepts ML.NET reads");
        Assert.AreEqual(CsvColumnKind.Numeric, result.Find("x")!.Kind);
    }

    [TestMethod]
    public void Options_name_the_columns_they_mention()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Mixed(CsvFiles.Folder("names"), rows: 20);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" }));
        StringAssert.Contains(e.Message, "no column 'label'");
        StringAssert.Contains(e.Message, "'x1', 'x2'");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", FeatureColumnNames = ["x1", "y"] }));
        StringAssert.Contains(e.Message, "'y' is the label column");
        CsvColumnInference listed = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", FeatureColumnNames = ["x1", "constant"] });
        CollectionAssert.AreEqual(new[] { "x1", "constant" }, listed.Features.Select(c => c.Name).ToArray(), "a listed constant column stays");
        Assert.AreEqual(CsvColumnKind.Ignored, listed.Find("color")!.Kind);
    }

    [TestMethod]
    public void Null_blank_and_undefined_option_values_are_errors_naming_the_option_and_value()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("bad-options"), "a.csv", "x,y\n1,2\n3,4\n");
        (CsvInferenceOptions Options, string Name, string Message)[] cases =
        [
            (new() { ColumnKinds = null! }, "ColumnKinds", "ColumnKinds is null"),
            (new() { ColumnTypes = null! }, "ColumnTypes", "ColumnTypes is null"),
            (new() { FeatureColumnNames = ["x", null!] }, "FeatureColumnNames", "FeatureColumnNames holds null"),
            (new() { FeatureColumnNames = [" "] }, "FeatureColumnNames", "FeatureColumnNames holds ' '"),
            (new() { ColumnKinds = new Dictionary<string, CsvColumnKind> { ["x"] = (CsvColumnKind)42 } }, "ColumnKinds", "ColumnKinds: 'x' is 42, which is not a CsvColumnKind"),
            (new() { ColumnTypes = new Dictionary<string, DataKind> { ["x"] = (DataKind)99 } }, "ColumnTypes", "ColumnTypes: 'x' is 99, which is not an ML.NET DataKind"),
        ];
        foreach (var (options, name, message) in cases)
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, options), message);
            Assert.AreEqual(name, e.ParamName);
            StringAssert.Contains(e.Message, message);
        }
    }

    [TestMethod]
    public void A_quoted_number_with_spaces_on_both_sides_which_MLNET_reads_as_NaN_is_an_error_naming_the_cell()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("padded");
        // ML.NET reads " 2" and "2 " quoted, and 2 with spaces unquoted, but " 2 " quoted is NaN.
        string fine = CsvFiles.Write(folder, "fine.csv", "x,y,label\n\" 2\",  3  ,1\n\"4 \",5,0\n");
        CsvColumnInference inferred = ml.Data.InferCsvColumns(fine, new CsvInferenceOptions { LabelColumnName = "label" });
        Assert.AreEqual(CsvColumnKind.Numeric, inferred.Find("x")!.Kind);
        IDataView data = ml.Data.LoadFromTextFile(fine, inferred.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { 2f, 4f }, data.GetColumn<float>("x").ToArray());
        CollectionAssert.AreEqual(new[] { 3f, 5f }, data.GetColumn<float>("y").ToArray());

        string padded = CsvFiles.Write(folder, "padded.csv", "x,y,label\n1,\" 2 \",1\n3,4,0\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(padded, new CsvInferenceOptions { LabelColumnName = "label" }));
        StringAssert.Contains(e.Message, $"{padded}, line 2 (data row 1), column 'y': ' 2 ' is a number quoted with spaces on both sides");
        string allPadded = CsvFiles.Write(folder, "all.csv", "x,y,label\n1,\" 2 \",1\n3,\" 4 \",0\n");
        e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(allPadded, new CsvInferenceOptions { LabelColumnName = "label" }));
        StringAssert.Contains(e.Message, "column 'y': ' 2 ' is a number quoted", "not a categorical column of ' 2 ' and ' 4 '");
        e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(allPadded, new CsvInferenceOptions { ColumnTypes = new Dictionary<string, DataKind> { ["y"] = DataKind.Single } }));
        StringAssert.Contains(e.Message, "column 'y': ' 2 ' is a number quoted");
        CsvColumnInference text = ml.Data.InferCsvColumns(allPadded, new CsvInferenceOptions { ColumnKinds = new Dictionary<string, CsvColumnKind> { ["y"] = CsvColumnKind.Categorical } });
        Assert.AreEqual(CsvColumnKind.Categorical, text.Find("y")!.Kind, "declared text keeps them");
    }

    [TestMethod]
    public void A_folder_or_a_missing_file_says_which()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("folder");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => ml.Data.InferCsvColumns(folder)).Message, "is a folder");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => ml.Data.InferCsvColumns(Path.Combine(folder, "none.csv"))).Message, "does not exist");
        string empty = CsvFiles.Write(folder, "empty.csv", "");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(empty)).Message, "the file is empty");
    }

    [TestMethod]
    public void Header_names_are_trimmed_as_MLNET_trims_them_so_the_loader_finds_every_column()
    {
        // " x" used to stay " x" while ML.NET's loader named the column "x": training failed with "Could not find input column ' x'".
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("trim"), "trim.csv", " x ,\"  \",y,x\n1,2,yes,3\n4,5,no,6\n");
        CsvColumnInference result = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" });
        CollectionAssert.AreEqual(new[] { "x", "col1", "y", "x_3" }, result.Columns.Select(c => c.Name).ToArray());
        IDataView data = ml.Data.LoadFromTextFile(csv, result.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { 1f, 4f }, data.GetColumn<float>("x").ToArray());
        CollectionAssert.AreEqual(new[] { 3f, 6f }, data.GetColumn<float>("x_3").ToArray());
    }

    [TestMethod]
    public void A_name_that_differs_only_in_case_is_suggested()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("case"), "case.csv", "x,label\n1,yes\n2,no\n");
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "Label" }));
        StringAssert.Contains(e.Message, "no column 'Label'");
        StringAssert.Contains(e.Message, "Did you mean 'label'?");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label", FeatureColumnNames = ["X"] }));
        StringAssert.Contains(e.Message, "Did you mean 'x'?");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "target" }));
        Assert.DoesNotContain("Did you mean", e.Message, "nothing close, no suggestion");
    }

    [TestMethod]
    [DataRow("semi.csv", ';', "x;y;label\n1.5;a;yes\n2.5;b;no\n-3;\"c;d\";yes\n")]
    [DataRow("tabs.csv", '\t', "x\ty\tlabel\n1.5\ta\tyes\n2.5\tb\tno\n-3\tc\tyes\n")]
    [DataRow("pipes.txt", '|', "x|y|label\n1.5|a|yes\n2.5|b|no\n-3|c|yes\n")]
    [DataRow("commas.csv", ',', "x,\"y;z\",label\n1.5,a,yes\n2.5,b,no\n-3,c,yes\n")]
    public void The_separator_of_a_file_that_does_not_say_is_found_in_its_header(string name, char separator, string text)
    {
        // A European CSV (semicolons) used to be read as one column named "x;y;label".
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("sniff"), name, text);
        CsvColumnInference result = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" });
        Assert.AreEqual(separator, result.Separator);
        Assert.AreEqual(3, result.Columns.Count, result.ToString());
        Assert.AreEqual(CsvColumnKind.Numeric, result.Find("x")!.Kind);
        IDataView data = ml.Data.LoadFromTextFile(csv, result.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { 1.5f, 2.5f, -3f }, data.GetColumn<float>("x").ToArray());
        Assert.AreEqual(',', ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { Separator = ',' }).Separator, "a declared separator is kept");
    }

    [TestMethod]
    [DataRow("x;label\n1,5;yes\n2,25;no\n-0,5;yes\n", "'1,5'")]
    [DataRow("x,label\n\"1,234.5\",yes\n\"2,000\",no\n\"3,100.25\",yes\n", "'1,234.5'")]
    public void Numbers_with_a_decimal_comma_or_thousands_separators_are_an_error_not_a_text_column(string text, string value)
    {
        // They used to become a categorical column silently (ML.NET reads neither form as a number).
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("commas"), "commas.csv", text);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" }));
        foreach (string fragment in new[] { csv, "line 2 (data row 1)", "column 'x'", value, "decimal comma or thousands separators", "declare the column's kind" })
        {
            StringAssert.Contains(e.Message, fragment);
        }

        CsvColumnInference declared = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions
        {
            LabelColumnName = "label",
            ColumnKinds = new Dictionary<string, CsvColumnKind> { ["x"] = CsvColumnKind.Categorical },
        });
        Assert.AreEqual(CsvColumnKind.Categorical, declared.Find("x")!.Kind, "a declared kind keeps the column, as text");
        string words = CsvFiles.Write(CsvFiles.Folder("commas"), "words.csv", "x,label\n\"red, green\",yes\n\"blue, red\",no\n");
        Assert.AreEqual(CsvColumnKind.Categorical, ml.Data.InferCsvColumns(words, new CsvInferenceOptions { LabelColumnName = "label" }).Find("x")!.Kind, "text with commas is text");
    }

    [TestMethod]
    [DataRow("Infinity")]
    [DataRow("-Infinity")]
    [DataRow("1e39")]
    public void An_infinite_number_in_a_numeric_column_is_an_error_naming_the_cell(string value)
    {
        // It used to reach the trainer, whose message named "the training data, row 1: column 'Features' slot 0".
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("inf"), "inf.csv", $"x,z,label\n1,2,yes\n{value},3,no\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" }));
        foreach (string fragment in new[] { csv, "line 3 (data row 2)", "column 'x'", $"'{value}' is infinite" })
        {
            StringAssert.Contains(e.Message, fragment);
        }

        var types = new Dictionary<string, DataKind> { ["x"] = DataKind.Single, ["z"] = DataKind.Single };
        Assert.AreEqual(2, ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { ColumnTypes = types }).RowCount, "data to score with declared types is not refused");
    }
}
