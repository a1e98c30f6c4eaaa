namespace MLNetDeep.Serving.Models;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The process's folder for the copies of ONNX graphs that ML.NET's <c>OnnxTransformer</c> writes while a model is loaded
/// (<c>&lt;temp&gt;/mlnetdeep-serving-&lt;pid&gt;</c>). ML.NET deletes a model's copy when the model is disposed; what is left
/// when the process exits is removed at exit, and folders of processes that no longer run (killed) are removed the next
/// time a process creates its own.
/// </summary>
internal static class ServingTempFolder
{
    private const string Prefix = "mlnetdeep-serving-";
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

    private static void RemoveStale(string root)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(root, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Shared temp roots: a folder that cannot be removed now is removed by a later run.
        }
    }
}
