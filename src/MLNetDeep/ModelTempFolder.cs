namespace MLNetDeep;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The process's own folder for the ONNX graphs ML.NET's <c>OnnxTransformer</c> keeps on disk while a model is loaded
/// (<c>&lt;temp&gt;/mlnetdeep-&lt;pid&gt;</c>). The trainers use it, and so can a program that loads many models (a
/// server): set <c>mlContext.TempFilePath = ModelTempFolder.Path</c>. ML.NET deletes a model's file when the model is
/// disposed; what the process leaves behind is removed at exit, and folders of processes that no longer run (killed)
/// are removed the next time a process creates its own.
/// </summary>
public static class ModelTempFolder
{
    private const string Prefix = "mlnetdeep-";
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder, created on first use (which also removes stale folders of dead processes).</summary>
    public static string Path => Folder.Value;

    private static string Create()
    {
        string root = System.IO.Path.GetTempPath();
        RemoveStale(root);
        string folder = System.IO.Path.Combine(root, Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        return folder;
    }

    /// <summary>Deletes the folders of processes that are gone (a process killed before its exit handler ran).</summary>
    private static void RemoveStale(string root)
    {
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(root, Prefix + "*");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (string folder in folders)
        {
            string suffix = System.IO.Path.GetFileName(folder)[Prefix.Length..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && !IsRunning(pid))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Another process may share the temp root; a folder that cannot be removed now is removed by a later run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
