namespace MLNetDeep.Neural.Tests.Paths;

using System.Runtime.Intrinsics;
using MLNetDeep.TestSupport;

/// <summary>
/// Runs the kernel tests (every class in the <see cref="Category"/> category: the GEMM kernels and few-rows path
/// against their twins, the element-wise kernels on every path, the dropout masks, batch norm, the optimizers and the
/// managed backend's thread-count invariance) again in a child process with AVX-512 turned off, so an AVX-512 machine's
/// CI exercises the AVX2 (Vector256) path too; and compares a network trained on each path. The child is this test
/// assembly itself, started through its entry point (<c>Program.cs</c>, <see cref="InProcessRunner"/>).
/// </summary>
/// <remarks>
/// <para>AVX-512 is turned off with both runtime knobs: <c>DOTNET_EnableAVX512F=0</c> (.NET 8 and 9) and
/// <c>DOTNET_EnableAVX512=0</c> (.NET 10 renamed it: on .NET 10.0 <c>EnableAVX512F=0</c> alone leaves
/// <c>Vector512.IsHardwareAccelerated</c> true, measured). The tests fail, saying so, if the child still sees
/// accelerated Vector512.</para>
/// <para>The child is found next to this assembly (<c>Assembly.Location</c>, with its <c>.runtimeconfig.json</c> and
/// <c>.deps.json</c>), whatever the configuration or output folder, and started with the <c>dotnet</c> host running
/// this process. It is killed after <see cref="Timeout"/>; every failure message carries the command and the child's
/// whole output.</para>
/// </remarks>
[TestClass]
public sealed class Avx2PathTests
{
    /// <summary>The category of the test classes the child process runs.</summary>
    public const string Category = "KernelPaths";

    /// <summary>How long a child may take (it runs the category's tests once, about 5-30 s on 2 busy cores).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, string> Avx512Off = new()
    {
        ["DOTNET_EnableAVX512F"] = "0",
        ["DOTNET_EnableAVX512"] = "0",
    };

    [TestMethod]
    [TestCategory("Slow")]
    public void KernelTestsPassOnTheAvx2PathInAChildProcessWithAvx512TurnedOff()
    {
        Child child = RunChild(["--run-category", Category], Avx512Off);
        child.AssertAvx512Off();
        string? summary = child.Stdout.Split('\n').LastOrDefault(l => l.StartsWith(InProcessRunner.SummaryPrefix, StringComparison.Ordinal));
        Assert.IsNotNull(summary, "the child printed no SUMMARY line (it crashed or was killed).\n" + child.Report);
        Assert.AreEqual(0, child.ExitCode, $"kernel tests failed on the AVX2 path ({summary.Trim()}); the FAIL lines say which.\n{child.Report}");
        StringAssert.DoesNotMatch(summary, new System.Text.RegularExpressions.Regex(@"\bran=0\b"), "the child found no tests in category " + Category + ".\n" + child.Report);
    }

    /// <summary>
    /// The same network trained on this machine's best path and on the AVX2 path, with the managed GEMM, ends with the
    /// same bits. The docs promise less (the same bits whatever the thread count on a given instruction set; the
    /// AVX-512 and AVX2 paths may differ in the last bits), but today every kernel performs the same float operations on
    /// each path and the GEMM kernels sum every element the same way, so they agree; a change that makes them differ
    /// on purpose updates this expectation and the docs together. (With <c>MLNETDEEP_GEMM</c> unset, Auto may pick
    /// OpenBLAS for the AVX2 run: a different backend, other bits.)
    /// </summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void TheAvx512AndAvx2PathsTrainTheSameBitsWithTheManagedGemm()
    {
        Child best = RunChild(["--train-checksum"], new Dictionary<string, string> { ["MLNETDEEP_GEMM"] = "managed" });
        Child avx2 = RunChild(["--train-checksum"], new Dictionary<string, string>(Avx512Off) { ["MLNETDEEP_GEMM"] = "managed" });
        avx2.AssertAvx512Off();
        Assert.AreEqual(0, best.ExitCode, best.Report);
        Assert.AreEqual(0, avx2.ExitCode, avx2.Report);
        Assert.AreEqual(best.Checksum, avx2.Checksum,
            $"the two paths trained different bits.\nbest path ({best.Paths}):\n{best.Report}\nAVX2 path ({avx2.Paths}):\n{avx2.Report}");
    }

    private sealed record Child(int ExitCode, string Stdout, string Stderr, string Command)
    {
        public string Report => $"command: {Command}\nexit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        public string? Paths => Line(InProcessRunner.PathsPrefix);

        public string? Checksum => Line(InProcessRunner.ChecksumPrefix) is { } line ? line[InProcessRunner.ChecksumPrefix.Length..].Trim() : null;

        public void AssertAvx512Off()
        {
            Assert.IsNotNull(Paths, "the child printed no PATHS line: it did not reach the runner.\n" + Report);
            StringAssert.Contains(Paths, "Vector512.IsHardwareAccelerated=False",
                "the child still runs 512-bit vectors: neither DOTNET_EnableAVX512F=0 nor DOTNET_EnableAVX512=0 turned AVX-512 off on this runtime.\n" + Report);
            if (Vector256.IsHardwareAccelerated)
            {
                StringAssert.Contains(Paths, "Simd.Best=Vector256", "the child should run the Vector256 (AVX2) path.\n" + Report);
            }
        }

        private string? Line(string prefix) => Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.TrimEnd('\r');
    }

    /// <summary>Starts this test assembly with <paramref name="arguments"/> and the extra environment, waits (with <see cref="Timeout"/>) and captures its output.</summary>
    private static Child RunChild(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        string assembly = typeof(Avx2PathTests).Assembly.Location;
        Assert.IsTrue(File.Exists(assembly), $"the test assembly is not a file on disk: '{assembly}'");
        string runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        string deps = Path.ChangeExtension(assembly, ".deps.json");
        Assert.IsTrue(File.Exists(runtimeConfig), $"'{runtimeConfig}' is missing: the child cannot start the test assembly (is it still built as an Exe?)");

        var childArguments = new List<string> { "exec", "--runtimeconfig", runtimeConfig };
        if (File.Exists(deps))
        {
            childArguments.AddRange(["--depsfile", deps]);
        }

        childArguments.Add(assembly);
        childArguments.AddRange(arguments);

        // Not inherited: knobs that would change which path or backend the child takes.
        var childEnvironment = new Dictionary<string, string?>
        {
            ["DOTNET_EnableAVX512F"] = null,
            ["DOTNET_EnableAVX512"] = null,
            ["DOTNET_PreferredVectorBitWidth"] = null,
            ["MLNETDEEP_GEMM"] = null,
        };
        foreach (var (key, value) in environment)
        {
            childEnvironment[key] = value;
        }

        ChildResult r = ChildProcess.Run(ChildProcess.Dotnet, childArguments, Timeout, childEnvironment, Path.GetDirectoryName(assembly));
        return new Child(r.ExitCode, r.Out, r.Error, r.Command);
    }
}
