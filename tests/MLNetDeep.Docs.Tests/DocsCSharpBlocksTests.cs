namespace MLNetDeep.Docs.Tests;

using System.Diagnostics;

/// <summary>
/// Every ```csharp block of README.md, docs/*.md and the AutoML package's README compiles against today's API, and
/// the blocks that are whole programs on the repository's data run (docs/README.md, "C# blocks").
/// </summary>
[TestClass]
public sealed class DocsCSharpBlocksTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_csharp_block_of_the_docs_compiles()
    {
        var watch = Stopwatch.StartNew();
        List<CSharpBlock> blocks = AllBlocks();
        var failures = new List<string>();
        var failed = new HashSet<CSharpBlock>(ReferenceEqualityComparer.Instance);
        foreach (CSharpBlock block in blocks.Where(b => b.Mode != BlockMode.Shape))
        {
            try
            {
                BlockCompiler.Compile(block);
            }
            catch (AssertFailedException e)
            {
                failed.Add(block);
                failures.Add(block.Previous is not null && failed.Contains(block.Previous) ? $"the ```csharp block at {block} continues {block.Previous}, which does not compile" : e.Message);
            }
        }

        TestContext.WriteLine($"{blocks.Count} blocks, {blocks.Count(b => b.Mode == BlockMode.Shape)} shapes; compiled in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.IsGreaterThanOrEqualTo(20, blocks.Count, "the test finds the docs' blocks (23 when it was written)");
    }

    [TestMethod]
    public void The_whole_program_blocks_run_on_the_shipped_data()
    {
        string root = Root();
        foreach (CSharpBlock block in AllBlocks().Where(b => b.Mode == BlockMode.Run))
        {
            var watch = Stopwatch.StartNew();
            BlockCompiler.Run(block, BlockCompiler.Compile(block), root);
            TestContext.WriteLine($"{block} ran in {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    [TestMethod]
    public void A_block_without_its_comment_fails_naming_the_file_and_line()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => CSharpBlock.Read("docs/new.md", "# New\n\nText.\n\n```csharp\nvar x = 1;\n```\n"));
        StringAssert.Contains(e.Message, "docs/new.md:5: the ```csharp block has no '<!-- csharp: compile|run|shape");

        // An unrelated comment before it is not one either.
        Assert.ThrowsExactly<FormatException>(() => CSharpBlock.Read("docs/new.md", "<!-- a note -->\n```csharp\nvar x = 1;\n```\n"));
    }

    [TestMethod]
    public void A_compiler_error_names_the_markdown_line_of_the_prelude_or_the_code()
    {
        List<CSharpBlock> blocks = CSharpBlock.Read("docs/new.md",
            "<!-- csharp: compile -->\n```csharp\nint a = 1;\n```\n\nText.\n\n<!-- csharp: compile after previous\nint b = a + 1;\n-->\n```csharp\nint c = a + b;\nint d = Missing(c);\n```\n");
        Assert.HasCount(2, blocks);
        BlockCompiler.Compile(blocks[0]);
        var e = Assert.ThrowsExactly<AssertFailedException>(() => BlockCompiler.Compile(blocks[1]));
        StringAssert.Contains(e.Message, "the ```csharp block at docs/new.md:11 does not compile");
        StringAssert.Contains(e.Message, "docs/new.md:13: CS0103: The name 'Missing' does not exist in the current context");

        var inPrelude = CSharpBlock.Read("docs/new.md", "<!-- csharp: compile\nint b = nope;\n-->\n```csharp\nint c = b;\n```\n").Single();
        StringAssert.Contains(Assert.ThrowsExactly<AssertFailedException>(() => BlockCompiler.Compile(inPrelude)).Message, "docs/new.md:2: CS0103");
    }

    [TestMethod]
    public void A_run_block_that_throws_fails_naming_the_block_and_the_exception()
    {
        CSharpBlock block = CSharpBlock.Read("docs/new.md", "<!-- csharp: run -->\n```csharp\nConsole.WriteLine(File.ReadAllText(\"data/no-such.csv\"));\n```\n").Single();
        var e = Assert.ThrowsExactly<AssertFailedException>(() => BlockCompiler.Run(block, BlockCompiler.Compile(block), Root()));
        StringAssert.Contains(e.Message, "docs/new.md:2: the block ran into System.IO.FileNotFoundException");
    }

    private static List<CSharpBlock> AllBlocks()
    {
        string root = Root();
        return new[] { "README.md", "src/MLNetDeep.AutoML/README.md" }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(root, f)))
            .SelectMany(f => CSharpBlock.Read(f, File.ReadAllText(Path.Combine(root, f))))
            .ToList();
    }

    private static string Root()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MLNetDeep.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No MLNetDeep.sln above {AppContext.BaseDirectory}.");
    }
}
