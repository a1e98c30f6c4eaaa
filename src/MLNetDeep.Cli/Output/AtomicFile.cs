namespace MLNetDeep.Cli.Output;

using System.Text;

/// <summary>
/// Writes a file through a temporary file in the same folder renamed over the target, so an existing file is only
/// replaced once the new one is completely written; a failure leaves the old file as it was and no temporary behind.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/> (UTF-8, no BOM).</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, temp =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            write(writer);
        }

        stream.Flush(flushToDisk: true);
    });

    /// <summary>
    /// Lets <paramref name="write"/> create the temporary file whose path it is given (in the target's folder, not yet
    /// existing), then renames it over <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"the folder of the output file '{path}' does not exist.");
        }

        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
