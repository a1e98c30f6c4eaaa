namespace MLNetDeep.Docs.Tests;

using System.Text.RegularExpressions;

/// <summary>What the test does with a block, from the HTML comment before it (docs/README.md, "C# blocks").</summary>
internal enum BlockMode
{
    /// <summary>Compiled, not run.</summary>
    Compile,

    /// <summary>Compiled and run (a whole program on the repository's data, a few seconds).</summary>
    Run,

    /// <summary>A shape, not code: neither compiled nor run.</summary>
    Shape,
}

/// <summary>A piece of C# source and the line of its markdown file its first line is on (1-based).</summary>
internal sealed record SourcePiece(string Code, int FirstLine);

/// <summary>One ```csharp block of a markdown file, with the context its HTML comment gives it.</summary>
/// <param name="File">The markdown file, relative to the repository root.</param>
/// <param name="Line">The line of the ```csharp fence (1-based).</param>
/// <param name="Mode">Compile, run or shape.</param>
/// <param name="Previous">The block it continues ("after previous"), or null.</param>
/// <param name="Prelude">The hidden code of the comment, or null.</param>
/// <param name="Code">The block's own code.</param>
internal sealed record CSharpBlock(string File, int Line, BlockMode Mode, CSharpBlock? Previous, SourcePiece? Prelude, SourcePiece Code)
{
    private static readonly Regex CSharpFence = new(@"^\s*```(csharp|cs|c#)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex Marker = new(@"^<!-- csharp: (compile|run|shape)( after previous)?(?: -->)?$", RegexOptions.CultureInvariant);

    /// <summary>The pieces to compile, in order: the continued block's, then the prelude, then the code.</summary>
    public IEnumerable<SourcePiece> Pieces()
    {
        IEnumerable<SourcePiece> earlier = Previous?.Pieces() ?? [];
        return Prelude is null ? earlier.Append(Code) : earlier.Append(Prelude).Append(Code);
    }

    /// <summary>Where the block is, as a failure message names it.</summary>
    public override string ToString() => $"{File}:{Line}";

    /// <summary>
    /// Every ```csharp block of a markdown file. Each must follow (blank lines between allowed) an HTML comment
    /// <c>&lt;!-- csharp: compile|run|shape [after previous]</c>, either closed on the same line or followed by hidden
    /// prelude lines and a closing <c>--&gt;</c> line; a block without one throws, naming the file and line.
    /// </summary>
    public static List<CSharpBlock> Read(string file, string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<CSharpBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            // C# fences (```csharp, ```cs, ```c#), indented ones in lists included.
            if (!CSharpFence.IsMatch(lines[i]))
            {
                continue;
            }

            int indent = lines[i].Length - lines[i].TrimStart().Length;
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0)
            {
                throw new FormatException($"{file}:{i + 1}: the ```csharp block is never closed.");
            }

            var code = new SourcePiece(string.Join('\n', lines[(i + 1)..end].Select(l => l[Math.Min(indent, l.Length - l.TrimStart().Length)..])), i + 2);
            blocks.Add(WithContext(file, lines, i, code, blocks.LastOrDefault()));
            i = end;
        }

        return blocks;
    }

    private static CSharpBlock WithContext(string file, string[] lines, int fence, SourcePiece code, CSharpBlock? previous)
    {
        int close = fence - 1;
        string[] trimmed = lines.Select(l => l.Trim()).ToArray();
        while (close >= 0 && trimmed[close].Length == 0)
        {
            close--;
        }

        int open = close;
        while (open >= 0 && !trimmed[open].StartsWith("<!--", StringComparison.Ordinal))
        {
            open--;
        }

        bool closed = close >= 0 && open >= 0 && (open == close ? trimmed[close].EndsWith("-->", StringComparison.Ordinal) : trimmed[close] == "-->");
        Match m = closed ? Marker.Match(trimmed[open]) : Match.Empty;
        if (!m.Success)
        {
            throw new FormatException(
                $"{file}:{fence + 1}: the ```csharp block has no '<!-- csharp: compile|run|shape [after previous] -->' comment right before it " +
                "saying how the test compiles it (docs/README.md, \"C# blocks\").");
        }

        BlockMode mode = Enum.Parse<BlockMode>(m.Groups[1].Value, ignoreCase: true);
        if (m.Groups[2].Success && previous is not { Mode: not BlockMode.Shape })
        {
            throw new FormatException($"{file}:{fence + 1}: 'after previous', but no ```csharp block of code (not a shape) comes right before it in {file}.");
        }

        SourcePiece? prelude = open < close ? new SourcePiece(string.Join('\n', lines[(open + 1)..close]), open + 2) : null;
        return new CSharpBlock(file, fence + 1, mode, m.Groups[2].Success ? previous : null, prelude, code);
    }
}
