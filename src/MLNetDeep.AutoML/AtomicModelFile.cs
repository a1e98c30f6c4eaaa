namespace MLNetDeep.AutoML;

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;

/// <summary>
/// Saves an ML.NET model (a trial's, say the best one of a sweep) so that the file is either the old one or the whole
/// new one: written to <c>.NAME.PID.GUID.tmp</c> beside it, flushed to disk, then renamed over it. A process killed
/// while writing (kill -9) leaves such a temporary file behind; the next save to the same path removes the ones whose
/// process no longer runs, so they do not pile up.
/// </summary>
public static partial class AtomicModelFile
{
    /// <summary>Writes <paramref name="model"/> with its input schema to <paramref name="path"/> (replaced only once complete).</summary>
    /// <param name="context">The ML.NET context whose <c>Model.Save</c> writes the file.</param>
    /// <param name="model">The model.</param>
    /// <param name="inputSchema">The schema of the data the model reads (ML.NET stores it with the model), or null.</param>
    /// <param name="path">The model file.</param>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist; the message names it.</exception>
    public static void Save(MLContext context, ITransformer model, DataViewSchema? inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder of the model file '{path}' does not exist.");
        }

        RemoveStaleTemporaries(full);
        string temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                context.Model.Save(model, inputSchema, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the temporary files of <paramref name="path"/> (<c>.NAME.PID.GUID.tmp</c>) left by processes that no longer
    /// run; a live process's file (a save in progress) is kept. Returns how many were deleted.
    /// </summary>
    internal static int RemoveStaleTemporaries(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
        {
            Match m = TemporaryName().Match(Path.GetFileName(file));
            if (!m.Success || m.Groups["name"].Value != name
                || !int.TryParse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not ours to delete after all, or gone meanwhile: leave it
            }
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

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

    [GeneratedRegex(@"^\.(?<name>.+)\.(?<pid>[0-9]{1,10})\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
