namespace MLNetDeep.Neural.Tests.Paths;

using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Text;

/// <summary>
/// Runs the kernel tests (every class in the <see cref="Category"/> category: the GEMM kernels and few-rows path
/// against their twins, the element-wise kernels on every path, the dropout masks, batch norm, the optimizers and the
/// managed backend's thread-count invariance) again in a child process with AVX-512 turned off, so an AVX-512 machine's
/// CI exercises the AVX2 (Vector256) path too. The child is this test assembly itself, started through its entry point
/// (<c>Program.cs</c>, <see cref="InProcessRunner"/>).
/// </summary>
/// <remarks>
/// <para>AVX-512 is turned off with both runtime knobs: <c>DOTNET_EnableAVX512F=0</c> (.NET 8 and 9) and
/// <c>DOTNET_EnableAVX512=0</c> (.NET 10 renamed it: on .NET 10.0 <c>EnableAVX512F=0</c> alone leaves
/// <c>Vector512.IsHardwareAccelerated</c> true, measured). The test fails, saying so, if the child still sees
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

    /// <summary>How long the child may take (it runs the category's tests once, about 10-30 s on 2 busy cores).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [TestMethod]
    [TestCategory("Slow")]
    public void KernelTestsPassOnTheAvx2PathInAChildProcessWithAvx512TurnedOff()
    {
        string assembly = typeof(Avx2PathTests).Assembly.Location;
        Assert.IsTrue(File.Exists(assembly), $"the test assembly is not a file on disk: '{assembly}'");
        string runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        string deps = Path.ChangeExtension(assembly, ".deps.json");
        Assert.IsTrue(File.Exists(runtimeConfig), $"'{runtimeConfig}' is missing: the child cannot start the test assembly (is it still built as an Exe?)");

        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add("--runtimeconfig");
        info.ArgumentList.Add(runtimeConfig);
        if (File.Exists(deps))
        {
            info.ArgumentList.Add("--depsfile");
            info.ArgumentList.Add(deps);
        }

        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add("--run-category");
        info.ArgumentList.Add(Category);
        info.Environment["DOTNET_EnableAVX512F"] = "0";
        info.Environment["DOTNET_EnableAVX512"] = "0";
        info.Environment.Remove("DOTNET_PreferredVectorBitWidth");

        (int exitCode, string stdout, string stderr, string command) = Run(info);
        string report = $"command: DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 {command}\nexit code {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}";
        string? paths = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(InProcessRunner.PathsPrefix, StringComparison.Ordinal));
        Assert.IsNotNull(paths, "the child printed no PATHS line: it did not reach the runner.\n" + report);
        StringAssert.Contains(paths, "Vector512.IsHardwareAccelerated=False",
            "the child still runs 512-bit vectors: neither DOTNET_EnableAVX512F=0 nor DOTNET_EnableAVX512=0 turned AVX-512 off on this runtime.\n" + report);
        if (Vector256.IsHardwareAccelerated)
        {
            StringAssert.Contains(paths, "Simd.Best=Vector256", "the child should run the Vector256 (AVX2) path.\n" + report);
        }

        string? summary = stdout.Split('\n').LastOrDefault(l => l.StartsWith(InProcessRunner.SummaryPrefix, StringComparison.Ordinal));
        Assert.IsNotNull(summary, "the child printed no SUMMARY line (it crashed or was killed).\n" + report);
        Assert.AreEqual(0, exitCode, $"kernel tests failed on the AVX2 path ({summary.Trim()}); the FAIL lines say which.\n{report}");
        StringAssert.DoesNotMatch(summary, new System.Text.RegularExpressions.Regex(@"\bran=0\b"), "the child found no tests in category " + Category + ".\n" + report);
    }

    /// <summary>The dotnet host running this process (the test host runs under it), else DOTNET_HOST_PATH, else "dotnet" on the PATH.</summary>
    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private static (int ExitCode, string Stdout, string Stderr, string Command) Run(ProcessStartInfo info)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        string command = $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"could not start '{command}': {e.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (stdout)
            {
                Assert.Fail($"the child did not finish within {Timeout.TotalMinutes:F0} minutes and was killed: '{command}'\nstdout so far:\n{stdout}\nstderr:\n{stderr}");
            }
        }

        process.WaitForExit(); // drains the asynchronous readers
        lock (stdout)
        {
            lock (stderr)
            {
                return (process.ExitCode, stdout.ToString(), stderr.ToString(), command);
            }
        }
    }
}
