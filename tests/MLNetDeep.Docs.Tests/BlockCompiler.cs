namespace MLNetDeep.Docs.Tests;

using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

/// <summary>Compiles a block with Roslyn as a user's console program would, and runs it.</summary>
internal static class BlockCompiler
{
    /// <summary>What `dotnet new console` imports (ImplicitUsings): a block may use these without a using.</summary>
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>Every assembly this test runs with: the framework (ASP.NET Core's included), ML.NET, MLNetDeep's.</summary>
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>
    /// Compiles the block (its continued block, prelude and code) into an assembly; on an error, throws naming each
    /// error's markdown file and line and the compiler's message.
    /// </summary>
    public static byte[] Compile(CSharpBlock block)
    {
        // A user's Program.cs has its usings first, then its statements, then its types: the pieces are taken apart and
        // put back in that order, each node after a #line naming where it is in the markdown file.
        var usings = new StringBuilder();
        var statements = new StringBuilder();
        var types = new StringBuilder();
        foreach (SourcePiece piece in block.Pieces())
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(piece.Code, Parse);
            var root = (CompilationUnitSyntax)tree.GetRoot();
            Fail(block, tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), d => piece.FirstLine + d.Location.GetLineSpan().StartLinePosition.Line);
            foreach (SyntaxNode node in root.Usings.Cast<SyntaxNode>().Concat(root.Members))
            {
                StringBuilder into = node is UsingDirectiveSyntax ? usings : node is GlobalStatementSyntax ? statements : types;
                int line = piece.FirstLine + node.GetLocation().GetLineSpan().StartLinePosition.Line;
                into.Append(System.Globalization.CultureInfo.InvariantCulture, $"#line {line} \"{block.File}\"\n{node}\n");
            }
        }

        string source = $"{usings}{statements}{types}";
        var compilation = CSharpCompilation.Create(
            "DocBlock" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(ImplicitUsings, Parse), CSharpSyntaxTree.ParseText(source, Parse, path: block.File)],
            References.Value,
            new CSharpCompilationOptions(statements.Length > 0 ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Fail(block, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => d.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
        return image.ToArray();
    }

    /// <summary>
    /// Runs a compiled whole-program block in a new empty folder whose data/ is the repository's data/ (so its
    /// relative paths read the shipped files and whatever it writes is deleted after); an exception names the block.
    /// </summary>
    public static void Run(CSharpBlock block, byte[] image, string repositoryRoot)
    {
        MethodInfo main = Assembly.Load(image).EntryPoint ?? throw new InvalidOperationException($"{block}: a 'run' block must be a program (top-level statements).");
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-docblock-").FullName;
        string before = Environment.CurrentDirectory;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, "data"), Path.Combine(repositoryRoot, "data"));
            Environment.CurrentDirectory = folder;
            object? returned = main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            (returned as Task)?.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            throw new AssertFailedException($"{block}: the block ran into {(e is TargetInvocationException { InnerException: { } inner } ? inner : e)}");
        }
        finally
        {
            Environment.CurrentDirectory = before;
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Fail(CSharpBlock block, IEnumerable<Diagnostic> errors, Func<Diagnostic, int> line)
    {
        string[] messages = errors.Select(d => $"{block.File}:{line(d)}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").ToArray();
        if (messages.Length > 0)
        {
            throw new AssertFailedException($"the ```csharp block at {block} does not compile:\n  " + string.Join("\n  ", messages));
        }
    }
}
