namespace MLNetDeep.Legacy.Tests.Data;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class TextLoaderTests
{
    private sealed class Row
    {
        [LoadColumn(0)]
        public float A { get; set; }

        [LoadColumn(1)]
        public string Name { get; set; } = "";

        [LoadColumn(2, 4)]
        [ColumnName("Features")]
        public float[] F { get; set; } = [];

        [LoadColumn(5)]
        public bool Flag { get; set; }

        [LoadColumn(6)]
        public int Count = -99;

        [LoadColumn(7)]
        public double D = -99;

        [LoadColumn(8)]
        public long L = -99;
    }

    private sealed class NoLoad
    {
        [LoadColumn(0)]
        public float A { get; set; }

        public float B { get; set; }

        public string C { get; set; } = "";
    }

    private sealed class SizeMismatch
    {
        [LoadColumn(0, 2)]
        [VectorType(4)]
        public float[] V { get; set; } = [];
    }

    private sealed class Two
    {
        [LoadColumn(0)]
        public float X { get; set; }

        [LoadColumn(1)]
        public string S { get; set; } = "";
    }

    private sealed class Ints
    {
        [LoadColumn(0)]
        public int I { get; set; }

        [LoadColumn(1)]
        public bool B { get; set; }
    }

    private static List<T> Column<T>(IDataView view, string name)
    {
        var col = view.Schema[name];
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<T>(col);
        var list = new List<T>();
        while (cursor.MoveNext())
        {
            T v = default!;
            getter(ref v);
            list.Add(v);
        }

        return list;
    }

    [TestMethod]
    public void PocoFormLoadsEveryTypeWithHeaderAndTab()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("rows.tsv", "a\tname\tf1\tf2\tf3\tflag\tcount\td\tl\n1.5\tx\t1\t2\t3\tTRUE\t7\t0.25\t9000000000\n-2e3\ty z\t4\t\t6\t0\t-1\t?\t-5\n");
        var ctx = new DeepContext();
        IDataView view = ctx.Data.LoadFromTextFile<Row>(path, hasHeader: true);
        Assert.IsNull(view.GetRowCount(), "the row count is unknown until read");
        Assert.AreEqual(new VectorDataViewType(3), view.Schema["Features"].Type);
        Assert.AreEqual(NumberDataViewType.Int64, view.Schema["L"].Type);
        Row[] rows = ctx.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToArray();
        Assert.HasCount(2, rows);
        Assert.AreEqual(1.5f, rows[0].A);
        Assert.AreEqual("x", rows[0].Name);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3 }, rows[0].F);
        Assert.IsTrue(rows[0].Flag);
        Assert.AreEqual(7, rows[0].Count);
        Assert.AreEqual(0.25, rows[0].D);
        Assert.AreEqual(9000000000L, rows[0].L);
        Assert.AreEqual(-2000f, rows[1].A);
        Assert.AreEqual("y z", rows[1].Name);
        Assert.AreEqual(4f, rows[1].F[0]);
        Assert.IsTrue(float.IsNaN(rows[1].F[1]), "an empty vector slot is NaN");
        Assert.IsFalse(rows[1].Flag);
        Assert.IsTrue(double.IsNaN(rows[1].D), "'?' in a Double column is NaN");
        Assert.AreEqual(-5L, rows[1].L);
    }

    [TestMethod]
    public void EachCursorReadsTheFileAgain()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("a.csv", "1,a\n2,b\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',');
        CollectionAssert.AreEqual(new float[] { 1, 2 }, Column<float>(view, "X"));
        File.WriteAllText(path, "1,a\n2,b\n3,c\n");
        CollectionAssert.AreEqual(new float[] { 1, 2, 3 }, Column<float>(view, "X"), "lazy: a new cursor sees the file as it is now");
    }

    [TestMethod]
    public void MissingMarkersAreNaNInSingleColumns()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("m.csv", ",a\n?,b\nNaN,c\nna,d\nNA,e\n3,f\n");
        var values = Column<float>(new DeepContext().Data.LoadFromTextFile<Two>(path, ','), "X");
        Assert.HasCount(6, values);
        Assert.IsTrue(values.Take(5).All(float.IsNaN));
        Assert.AreEqual(3f, values[5]);
    }

    [TestMethod]
    public void BooleansAcceptTrueFalseOneZeroInAnyCase()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("b.csv", "1,true\n2,False\n3,1\n4,0\n5,TRUE\n");
        CollectionAssert.AreEqual(new[] { true, false, true, false, true }, Column<bool>(new DeepContext().Data.LoadFromTextFile<Ints>(path, ','), "B"));
    }

    [TestMethod]
    public void NumbersUseTheInvariantCulture()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("n.csv", "1.25;a\n-3.5E-2;b\n");
        CollectionAssert.AreEqual(new[] { 1.25f, -0.035f }, Column<float>(new DeepContext().Data.LoadFromTextFile<Two>(path, ';'), "X"));
    }

    [TestMethod]
    public void QuotingHandlesSeparatorsDoubledQuotesAndLineBreaksInsideQuotes()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("q.csv", "x,s\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n\"4\",\"\"\r\n5,plain\"quote\r\n6,last\r\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', hasHeader: true, allowQuoting: true);
        CollectionAssert.AreEqual(new[] { "a,b", "say \"hi\"", "two\nlines", "", "plain\"quote", "last" }, Column<string>(view, "S"));
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, Column<float>(view, "X"));
    }

    [TestMethod]
    public void WithoutQuotingQuotesAreOrdinaryCharacters()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("q.csv", "1,\"a\n2,\"b\"\n");
        CollectionAssert.AreEqual(new[] { "\"a", "\"b\"" }, Column<string>(new DeepContext().Data.LoadFromTextFile<Two>(path, ','), "S"));
    }

    [TestMethod]
    public void LineNumbersCountLinesInsideQuotedFields()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("q.csv", "1,\"a\nb\nc\"\nbad,x\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', allowQuoting: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<float>(view, "X"));
        StringAssert.Contains(e.Message, "line 4");
    }

    [TestMethod]
    public void TrimWhitespaceTrimsAroundFieldsAndQuotesButNotInside()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("t.csv", "  1 ,  hello world  \n 2,  \" padded \"  \n");
        IDataView trimmed = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', allowQuoting: true, trimWhitespace: true);
        CollectionAssert.AreEqual(new[] { "hello world", " padded " }, Column<string>(trimmed, "S"));
        CollectionAssert.AreEqual(new float[] { 1, 2 }, Column<float>(trimmed, "X"));
        string plain = tmp.Write("p.csv", "1,  a  \n");
        CollectionAssert.AreEqual(new[] { "  a  " }, Column<string>(new DeepContext().Data.LoadFromTextFile<Two>(plain, ','), "S"));
    }

    [TestMethod]
    public void BlankLinesAreSkippedAndLineNumbersStillCountThem()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("b.csv", "\nx,s\n\n1,a\n   \n\r\n2,b\n\nbad,c\n\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', hasHeader: true);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, Column<string>(view, "S"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<float>(view, "X"));
        StringAssert.Contains(e.Message, "line 9");
    }

    [TestMethod]
    public void ExtraFieldsAreIgnoredAndCrLfAndNoFinalNewlineWork()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("e.csv", "1,a,extra,more\r\n2,b");
        CollectionAssert.AreEqual(new[] { "a", "b" }, Column<string>(new DeepContext().Data.LoadFromTextFile<Two>(path, ','), "S"));
    }

    [TestMethod]
    public void ExplicitColumnsLoadWithoutAPoco()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("x.csv", "label,p0,p1,p2,name\n1,0.5,0.25,0,cat\n0,1,2,3,dog\n");
        TextLoaderColumn[] columns =
        [
            TextLoaderColumn.Single("Label", 0),
            TextLoaderColumn.Vector("Features", 1, 3),
            TextLoaderColumn.Text("Name", 4),
            new("Key", new KeyDataViewType(3), 0),
            new("Flag", BooleanDataViewType.Instance, 0),
        ];
        IDataView view = new DeepContext().Data.LoadFromTextFile(path, columns, ',', hasHeader: true);
        Assert.AreEqual("Label: Single, Features: Vector<Single, 3>, Name: Text, Key: Key<UInt32, 0-3>, Flag: Boolean", view.Schema.ToString());
        CollectionAssert.AreEqual(new float[] { 1, 0 }, Column<float>(view, "Label"));
        var features = Column<float[]>(view, "Features");
        CollectionAssert.AreEqual(new[] { 0.5f, 0.25f, 0f }, features[0]);
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f }, features[1]);
        CollectionAssert.AreEqual(new[] { "cat", "dog" }, Column<string>(view, "Name"));
        CollectionAssert.AreEqual(new uint[] { 1, 0 }, Column<uint>(view, "Key"));
        CollectionAssert.AreEqual(new[] { true, false }, Column<bool>(view, "Flag"));
    }

    [TestMethod]
    public void ExplicitColumnsAreValidated()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("x.csv", "1,2\n");
        var data = new DeepContext().Data;
        var e1 = Assert.ThrowsExactly<ArgumentException>(() => data.LoadFromTextFile(path, [new TextLoaderColumn("V", new VectorDataViewType(3), 0, 1)], ','));
        StringAssert.Contains(e1.Message, "'V'");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => data.LoadFromTextFile(path, [new TextLoaderColumn("S", NumberDataViewType.Single, 0, 1)], ','));
        StringAssert.Contains(e2.Message, "scalar");
        var e3 = Assert.ThrowsExactly<ArgumentException>(() => data.LoadFromTextFile(path, [TextLoaderColumn.Single("A", 0), TextLoaderColumn.Single("A", 1)], ','));
        StringAssert.Contains(e3.Message, "'A'");
        Assert.ThrowsExactly<ArgumentException>(() => data.LoadFromTextFile(path, [TextLoaderColumn.Single("A", -1)], ','));
        Assert.ThrowsExactly<ArgumentException>(() => data.LoadFromTextFile(path, [], ','));
    }

    [TestMethod]
    public void MembersWithoutLoadColumnAreAnErrorNamingThem()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("x.csv", "1,2\n");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepContext().Data.LoadFromTextFile<NoLoad>(path, ','));
        StringAssert.Contains(e.Message, "B, C");
        StringAssert.Contains(e.Message, "[LoadColumn]");
        var e2 = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepContext().Data.LoadFromTextFile<SizeMismatch>(path, ','));
        StringAssert.Contains(e2.Message, "SizeMismatch.V");
    }

    [TestMethod]
    public void AMissingFileNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-mlnetdeep-file.csv");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new DeepContext().Data.LoadFromTextFile<Two>(path, ','));
        StringAssert.Contains(e.Message, path);
        Assert.AreEqual(path, e.FileName);
    }

    [TestMethod]
    public void AnUnterminatedQuoteNamesFileLineColumnAndValue()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("unterminated.csv", "x,s\n1,ok\n2,\"never closed\n3,c\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', hasHeader: true, allowQuoting: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<string>(view, "S"));
        StringAssert.Contains(e.Message, "unterminated.csv");
        StringAssert.Contains(e.Message, "line 3");
        StringAssert.Contains(e.Message, "column 1 ('s')");
        StringAssert.Contains(e.Message, "never closed");
        StringAssert.Contains(e.Message, "no closing quote");
    }

    [TestMethod]
    public void TextAfterAClosingQuoteIsMalformed()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("after.csv", "1,\"ab\"cd\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', allowQuoting: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<string>(view, "S"));
        StringAssert.Contains(e.Message, "after.csv");
        StringAssert.Contains(e.Message, "line 1");
        StringAssert.Contains(e.Message, "column 1");
        StringAssert.Contains(e.Message, "\"ab\"");
        StringAssert.Contains(e.Message, "'c'");
    }

    [TestMethod]
    public void TooFewFieldsNamesFileLineColumnAndRow()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("short.tsv", "a\tname\tf1\tf2\tf3\tflag\tcount\td\tl\n1\tx\t1\t2\t3\ttrue\t7\t0\t1\n2\ty\t4\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Row>(path, hasHeader: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<float>(view, "A"));
        StringAssert.Contains(e.Message, "short.tsv");
        StringAssert.Contains(e.Message, "line 3");
        StringAssert.Contains(e.Message, "has 3");
        StringAssert.Contains(e.Message, "column 3 ('f2')");
        StringAssert.Contains(e.Message, "'Features'");
        StringAssert.Contains(e.Message, "2\ty\t4");
    }

    [TestMethod]
    public void ANonNumericValueNamesFileLineColumnAndValue()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("bad.csv", "x,s\n1,a\nabc,b\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Two>(path, ',', hasHeader: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<float>(view, "X"));
        StringAssert.Contains(e.Message, "bad.csv");
        StringAssert.Contains(e.Message, "line 3");
        StringAssert.Contains(e.Message, "column 0 ('x')");
        StringAssert.Contains(e.Message, "'abc'");
        StringAssert.Contains(e.Message, "Single");
    }

    [TestMethod]
    public void WithoutAHeaderTheColumnIsNamedByIndexAndLoadedColumn()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("v.csv", "1,2,3\n4,x5,6\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile(path, [TextLoaderColumn.Vector("Features", 0, 2)], ',');
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<float[]>(view, "Features"));
        StringAssert.Contains(e.Message, "v.csv, line 2, column 1:");
        StringAssert.Contains(e.Message, "'x5'");
        StringAssert.Contains(e.Message, "'Features'");
    }

    [TestMethod]
    public void MissingValuesInIntegerAndBooleanColumnsAreErrors()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("ints.csv", "i,b\n1,true\n,false\n3,NA\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Ints>(path, ',', hasHeader: true);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column<int>(view, "I"));
        StringAssert.Contains(e.Message, "ints.csv, line 3, column 0 ('i')");
        StringAssert.Contains(e.Message, "missing value");
        StringAssert.Contains(e.Message, "Int32");
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => Column<bool>(view, "B"));
        StringAssert.Contains(e2.Message, "ints.csv, line 4, column 1 ('b')");
        StringAssert.Contains(e2.Message, "'NA'");
        StringAssert.Contains(e2.Message, "Boolean");
    }

    [TestMethod]
    public void ABadBooleanOrIntegerNamesTheValue()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("ib.csv", "1.5,yes\n");
        IDataView view = new DeepContext().Data.LoadFromTextFile<Ints>(path, ',');
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Column<int>(view, "I")).Message, "'1.5' is not a valid Int32");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Column<bool>(view, "B")).Message, "'yes' is not a valid Boolean");
    }
}
