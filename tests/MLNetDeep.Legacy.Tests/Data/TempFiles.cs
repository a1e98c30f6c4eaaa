namespace MLNetDeep.Legacy.Tests.Data;

/// <summary>A temporary folder for one test, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnetdeep-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, string content)
    {
        string path = System.IO.Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
