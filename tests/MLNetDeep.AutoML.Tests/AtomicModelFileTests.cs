namespace MLNetDeep.AutoML.Tests;

using Microsoft.ML;

[TestClass]
public sealed class AtomicModelFileTests
{
    /// <summary>
    /// Issue 14 #9: a kill -9 during a model save leaves a 0-byte <c>.best.zip.PID.GUID.tmp</c>; the next save removes
    /// such files of processes that are gone, and keeps a live process's (a save in progress).
    /// </summary>
    [TestMethod]
    public Task ASaveRemovesTheStaleTemporariesOfDeadProcessesAndReplacesTheModel() => OwnThread.Run(() =>
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-atomic-").FullName;
        string path = Path.Combine(folder, "best.zip");
        int dead = int.MaxValue; // above any pid_max: never a running process
        string stale = Path.Combine(folder, $".best.zip.{dead}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(folder, $".best.zip.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string otherFile = Path.Combine(folder, $".other.zip.{dead}.{Guid.NewGuid():N}.tmp");
        foreach (string f in new[] { stale, live, otherFile })
        {
            File.WriteAllBytes(f, []);
        }

        var ml = new MLContext(1);
        IDataView data = TestData.Moons(ml, 50, 1);
        ITransformer model = ml.Transforms.Concatenate("Features", "X1", "X2").Fit(data);
        File.WriteAllText(path, "the old model");
        AtomicModelFile.Save(ml, model, data.Schema, path);

        Assert.IsFalse(File.Exists(stale), "the dead process's temporary file is gone");
        Assert.IsTrue(File.Exists(live), "a live process's is kept");
        Assert.IsTrue(File.Exists(otherFile), "another file's temporaries are not this save's business");
        Assert.IsNotNull(ml.Model.Load(path, out DataViewSchema schema).Transform(data).Schema.GetColumnOrNull("Features"));
        Assert.IsNotNull(schema.GetColumnOrNull("X1"));
        Assert.HasCount(2, Directory.GetFiles(folder, ".*.tmp"), "the save left no temporary of its own");
    });

    [TestMethod]
    public void AMissingFolderIsNamed()
    {
        var ml = new MLContext(1);
        ITransformer model = ml.Transforms.Concatenate("Features", "X1", "X2").Fit(TestData.Moons(ml, 10, 1));
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => AtomicModelFile.Save(ml, model, null, "/nonexistent-folder/m.zip"));
        StringAssert.Contains(e.Message, "/nonexistent-folder/m.zip");
    }
}
