namespace MLNetDeep.Scoring;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The process's own folder for the ONNX files ML.NET's <c>OnnxTransformer</c> needs on disk
/// (<c>&lt;temp&gt;/mlnetdeep-&lt;pid&gt;</c>). ML.NET deletes a loaded model's file when the model is disposed; what a
/// process leaves behind when it exits without disposing is removed at exit, and folders of processes that no longer
/// run (killed) are removed the next time a process starts using this one.
/// </summary>
internal static class TempFolder
{
    private const string Prefix = "mlnetdeep-";
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder, created on first use.</summary>
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
