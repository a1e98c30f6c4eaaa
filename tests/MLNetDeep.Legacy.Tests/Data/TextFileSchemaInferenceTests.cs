namespace MLNetDeep.Legacy.Tests.Data;

using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class TextFileSchemaInferenceTests
{
    [TestMethod]
    public void InfersNumericAndTextColumnsByHeaderName()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("h.csv", "age,name,score,,age\n30,\"Smith, J\",1.5,1,2\n?,Lee,NA,2,3\n41,7,2,x,4\n");
        TextLoaderColumn[] columns = TextFileSchemaInference.InferColumns(path);
        CollectionAssert.AreEqual(new[] { "age", "name", "score", "col3", "age_4" }, columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(
            new DataViewType[] { NumberDataViewType.Single, TextDataViewType.Instance, NumberDataViewType.Single, TextDataViewType.Instance, NumberDataViewType.Single },
            columns.Select(c => c.Type).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, columns.Select(c => c.Start).ToArray());
    }

    [TestMethod]
    public void LoadAllColumnsLoadsEveryColumnByHeaderName()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("h.csv", "x,label\n1,cat\n2,dog\n");
        IDataView view = TextFileSchemaInference.LoadAllColumns(new DeepContext().Data, path);
        Assert.AreEqual("x: Single, label: Text", view.Schema.ToString());
        using var cursor = view.GetRowCursor(view.Schema);
        var g = cursor.GetGetter<string>(view.Schema["label"]);
        Assert.IsTrue(cursor.MoveNext());
        Assert.IsTrue(cursor.MoveNext());
        string s = "";
        g(ref s);
        Assert.AreEqual("dog", s);
        Assert.IsFalse(cursor.MoveNext());
    }

    [TestMethod]
    public void WithoutAHeaderColumnsAreNumberedAndTheWidestSampledRowCounts()
    {
        using var tmp = new TempFiles();
        string path = tmp.Write("n.tsv", "1\t2\n3\t4\tz\n");
        TextLoaderColumn[] columns = TextFileSchemaInference.InferColumns(path, '\t', hasHeader: false);
        CollectionAssert.AreEqual(new[] { "col0", "col1", "col2" }, columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(TextDataViewType.Instance, columns[2].Type);
    }

    [TestMethod]
    public void AMissingOrEmptyFileIsReported()
    {
        using var tmp = new TempFiles();
        Assert.ThrowsExactly<FileNotFoundException>(() => TextFileSchemaInference.InferColumns(tmp.PathOf("none.csv")));
        string empty = tmp.Write("empty.csv", "\n\n");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => TextFileSchemaInference.InferColumns(empty)).Message, "empty.csv");
    }
}
