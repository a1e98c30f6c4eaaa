namespace MLNetDeep.Cli.Output;

/// <summary>
/// Checks an output path (<c>--model</c>, <c>--out</c>, <c>--report</c>) before any work: it is not empty, not a folder,
/// its folder exists, and it is neither one of the command's inputs nor another of its outputs (issue 14: writing the
/// model over the training data). A bad path is a usage error naming the option.
/// </summary>
internal static class OutputPaths
{
    public static void Check(string path, string option, string what, params string?[] otherFiles)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliException.Usage($"{option}: the path is empty.");
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw CliException.Usage($"{option} '{path}': is a folder; give a file such as {what}.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full) ?? "."))
        {
            throw CliException.Usage($"{option} '{path}': the folder does not exist.");
        }

        if (otherFiles.Any(o => o is not null && Same(o, full)))
        {
            throw CliException.Usage($"{option} '{path}': the same file as an input or another output of the command; nothing was written.");
        }
    }

    // The same file: the same full path, or (when both exist) the same file reached through a link.
    private static bool Same(string other, string full)
    {
        string otherFull = Path.GetFullPath(other);
        if (string.Equals(otherFull, full, StringComparison.Ordinal))
        {
            return true;
        }

        static string Resolve(string p) => File.Exists(p) ? new FileInfo(p).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? p : p;
        return File.Exists(otherFull) && File.Exists(full) && string.Equals(Resolve(otherFull), Resolve(full), StringComparison.Ordinal);
    }
}
