namespace MLNetDeep.Samples;

using System.Text;

/// <summary>
/// Where a sample writes its pictures: the folder given by <c>--svg DIR</c>. Without the flag there is no folder and the
/// sample writes nothing.
/// </summary>
public sealed class SvgFolder
{
    private readonly bool json;

    private SvgFolder(string path, bool json)
    {
        Path = path;
        this.json = json;
    }

    /// <summary>The folder (as given on the command line).</summary>
    public string Path { get; }

    /// <summary>
    /// The folder of <c>--svg DIR</c> in <paramref name="args"/>, or null when the flag is absent. With <c>--json</c> the
    /// paths written go to standard error, so standard output stays one JSON object.
    /// </summary>
    /// <exception cref="ArgumentException"><c>--svg</c> is the last argument (no folder follows it).</exception>
    public static SvgFolder? FromArgs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int i = Array.IndexOf(args, "--svg");
        if (i < 0)
        {
            return null;
        }

        return i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1])
            ? new SvgFolder(args[i + 1], args.Contains("--json"))
            : throw new ArgumentException("--svg needs a folder: --svg DIR", nameof(args));
    }

    /// <summary>Writes <paramref name="svg"/> as <c>NAME.svg</c> (creating the folder if missing) and prints <c>wrote PATH</c>.</summary>
    /// <returns>The path written.</returns>
    public string Write(string name, string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        Directory.CreateDirectory(Path);
        string file = System.IO.Path.Combine(Path, name + ".svg");
        File.WriteAllText(file, svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        (json ? Console.Error : Console.Out).WriteLine($"wrote {file}");
        return file;
    }
}
