namespace MLNetDeep.TorchSharp.Tests.Native;

using System.Security.Cryptography;
using MLNetDeep.TestSupport;
using MLNetDeep.TorchSharp.Native;

/// <summary>
/// How libtorch gets loaded: in this process (every other test depends on it), and in child processes
/// (tests/MLNetDeep.TorchSharp.Probe) under the environment variables that steer the libstdc++ workaround.
/// </summary>
[TestClass]
public sealed class NativeLoadingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LibTorchLoadsAndComputes()
    {
        string how = TorchSharpBackend.EnsureAvailable();
        TestContext.WriteLine(how);
        using var a = global::TorchSharp.torch.ones(2, 3);
        Assert.AreEqual(6f, a.sum().item<float>());
        Assert.AreEqual(how, TorchSharpBackend.EnsureAvailable(), "loaded once");
    }

    [TestMethod]
    public void APatchedCopyIsMadeOnlyWhenTheHostLacksTheVersionAndOnlyInThePrivateCache()
    {
        string? original = LibTorchNative.OriginalGlue();
        if (original is null)
        {
            Assert.Inconclusive("The libstdc++ workaround concerns Linux only.");
        }

        string before = Hash(original!);
        string cache = Temp();
        try
        {
            (int code, string output) = Probe(new() { [LibTorchNative.CacheVariable] = cache });
            TestContext.WriteLine(output);
            Assert.AreEqual(0, code, output);
            string[] written = Directory.GetFiles(cache, "*", SearchOption.AllDirectories);
            if (LibTorchNative.MissingOnHost().Count > 0)
            {
                // This machine (Debian 12): GLIBCXX_3.4.32 is missing, so a copy was written to the cache and loaded.
                Assert.AreEqual(1, written.Length, string.Join(", ", written));
                StringAssert.Contains(output, $"LOADED {written[0]}");
                StringAssert.Contains(output, "GLIBCXX_3.4.32");
                Assert.IsTrue(ElfVersions.ReadNeeds(File.ReadAllBytes(written[0])).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(written[0])!), "a private folder");
                }
            }
            else
            {
                Assert.AreEqual(0, written.Length, "a host with the version loads the package's own file and writes nothing");
                StringAssert.Contains(output, "(as shipped)");
            }

            Assert.AreEqual(before, Hash(original!), "the application's copy of the package file is untouched");
            string nuget = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
                "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchNative.GlueLibrary);
            if (File.Exists(nuget))
            {
                Assert.AreEqual(before, Hash(nuget), "the NuGet cache's file is untouched");
                Assert.IsFalse(ElfVersions.ReadNeeds(File.ReadAllBytes(nuget)).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
            }

            (int again, string second) = Probe(new() { [LibTorchNative.CacheVariable] = cache });
            Assert.AreEqual(0, again, second);
            CollectionAssert.AreEqual(written, Directory.GetFiles(cache, "*", SearchOption.AllDirectories), "a second process reuses the copy");
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [TestMethod]
    public void AHostThatCannotLoadItGetsOneClearErrorNamingTheVersion()
    {
        if (LibTorchNative.MissingOnHost().Count == 0)
        {
            Assert.Inconclusive("This host's libstdc++ has every version libLibTorchSharp.so needs (GCC 13 or newer), so nothing fails to load.");
        }

        string cache = Temp();
        try
        {
            // The copy forbidden: the loader must not get as far as TorchSharp's TypeInitializationException.
            (int code, string output) = Probe(new() { [LibTorchNative.NoPatchVariable] = "1", [LibTorchNative.CacheVariable] = cache });
            TestContext.WriteLine(output);
            Assert.AreEqual(3, code, output);
            StringAssert.Contains(output, "UNAVAILABLE The TorchSharp backend cannot load");
            StringAssert.Contains(output, "GLIBCXX_3.4.32 from libstdc++.so.6");
            StringAssert.Contains(output, "provides up to GLIBCXX_3.4.30");
            StringAssert.Contains(output, "docs/torchsharp.md");
            StringAssert.Contains(output, "MISSING GLIBCXX_3.4.32");
            StringAssert.Contains(output, "NOT-SUPPORTED True", "a NotSupportedException, which the CLI reports as such (was 'unexpected LibTorchUnavailableException')");
            StringAssert.Contains(output, "AGAIN True", "asking again gives the same error");
            StringAssert.Contains(output, "MANAGED 1 epoch", "the managed backend trains after the failure");
            Assert.AreEqual(0, Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Length, "nothing written");

            // A cache folder that cannot be written says so and names the variable to set.
            string blocked = Path.Combine(cache, "file");
            File.WriteAllText(blocked, "not a folder");
            (code, output) = Probe(new() { [LibTorchNative.CacheVariable] = blocked });
            TestContext.WriteLine(output);
            Assert.AreEqual(3, code, output);
            StringAssert.Contains(output, "cannot write it to");
            StringAssert.Contains(output, LibTorchNative.CacheVariable);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static string Temp()
    {
        string path = Path.Combine(Path.GetTempPath(), "mlnetdeep-native-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Runs the probe next to this test's output (tests/MLNetDeep.TorchSharp.Probe/bin/&lt;same sub-path&gt;) and waits for it.</summary>
    private static (int Code, string Output) Probe(Dictionary<string, string> environment)
    {
        // tests/MLNetDeep.TorchSharp.Tests/bin/<Configuration>/net10.0/<rid>/ -> tests/MLNetDeep.TorchSharp.Probe/bin/<same>/
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string tests = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", ".."));
        string relative = Path.GetRelativePath(Path.Combine(tests, "MLNetDeep.TorchSharp.Tests"), here);
        string dll = Path.Combine(tests, "MLNetDeep.TorchSharp.Probe", relative, "MLNetDeep.TorchSharp.Probe.dll");
        Assert.IsTrue(File.Exists(dll), $"the probe is built: {dll}");
        var variables = new Dictionary<string, string?> { [LibTorchNative.NoPatchVariable] = null };
        foreach ((string k, string v) in environment)
        {
            variables[k] = v;
        }

        ChildResult r = ChildProcess.Run(ChildProcess.Dotnet, [dll], TimeSpan.FromMinutes(5), variables);
        return (r.ExitCode, r.Out + r.Error);
    }
}
