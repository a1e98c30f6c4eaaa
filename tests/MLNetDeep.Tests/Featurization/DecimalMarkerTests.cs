namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

/// <summary><see cref="CsvInferenceOptions.DecimalMarker"/>: European CSV files read as numbers, as ML.NET's TextLoader reads them.</summary>
[TestClass]
public sealed class DecimalMarkerTests
{
    [TestMethod]
    public void A_decimal_comma_file_is_numeric_and_loads_as_ML_NET_reads_it()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("decimal"), "european.csv", "x;y;label\n1,5;3;yes\n2,25;;no\n-0,5;1e3;yes\n\"7,5\";4;no\n 7,5;4;no\n\"7,5 \";4;no\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" }));
        StringAssert.Contains(e.Message, "DecimalMarker ','", "the refusal says how to read it");
        CsvColumnInference result = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label", DecimalMarker = ',' });
        Assert.AreEqual(CsvColumnKind.Numeric, result.Find("x")!.Kind, result.ToString());
        Assert.AreEqual(',', result.DecimalMarker);
        IDataView data = ml.Data.LoadFromTextFile(csv, result.ToTextLoaderOptions());
        CollectionAssert.AreEqual(new[] { 1.5f, 2.25f, -0.5f, 7.5f, 7.5f, 7.5f }, data.GetColumn<float>("x").ToArray());
        CollectionAssert.AreEqual(new[] { 3f, float.NaN, 1000f, 4f, 4f, 4f }, data.GetColumn<float>("y").ToArray());

        // ML.NET reads a quoted number with a space before it as NaN when the marker is a comma: refused, naming the cell.
        string padded = CsvFiles.Write(CsvFiles.Folder("decimal"), "padded.csv", "x;label\n1,5;yes\n\" 7,5\";no\n");
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(padded, new CsvInferenceOptions { LabelColumnName = "label", DecimalMarker = ',' }));
        StringAssert.Contains(e2.Message, "line 3 (data row 2), column 'x': ' 7,5' is a number quoted with spaces");

        // Thousands separators are not read with a comma marker either, and the message does not claim a '.' is needed.
        string thousands = CsvFiles.Write(CsvFiles.Folder("decimal"), "thousands.csv", "x;label\n1,5;yes\n2,5;no\n1.234,5;no\n");
        var e3 = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(thousands, new CsvInferenceOptions { LabelColumnName = "label", DecimalMarker = ',' }));
        StringAssert.Contains(e3.Message, "'1.234,5' is not a number");
        Assert.DoesNotContain("reads a '.' decimal point", e3.Message);
    }

    [TestMethod]
    public void A_comma_marker_with_a_comma_separator_or_another_marker_is_refused_naming_the_options()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("decimal"), "dot.csv", "x,label\n1.5,yes\n2.5,no\n");
        var both = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { DecimalMarker = ',', Separator = ',' }));
        StringAssert.Contains(both.Message, "DecimalMarker is ',' and Separator is ','");
        var sniffed = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { DecimalMarker = ',' }));
        StringAssert.Contains(sniffed.Message, "DecimalMarker: ',' cannot be the decimal marker of");
        StringAssert.Contains(sniffed.Message, "separated by ',' too (found in the header)");
        var other = Assert.ThrowsExactly<ArgumentException>(() => new CsvInferenceOptions { DecimalMarker = ';' }.Validate());
        StringAssert.Contains(other.Message, "DecimalMarker is ';'; it must be '.' or ','");
    }
}
