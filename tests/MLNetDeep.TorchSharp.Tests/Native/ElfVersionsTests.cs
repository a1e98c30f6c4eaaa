namespace MLNetDeep.TorchSharp.Tests.Native;

using MLNetDeep.TorchSharp.Native;

[TestClass]
public sealed class ElfVersionsTests
{
    private static byte[] Glue()
    {
        string? path = LibTorchNative.OriginalGlue();
        if (path is null)
        {
            Assert.Inconclusive("libLibTorchSharp.so is a Linux file; this is not Linux.");
        }

        return File.ReadAllBytes(path!);
    }

    [TestMethod]
    public void TheGlueLibraryNeedsGlibcxx3432FromLibstdcxx()
    {
        IReadOnlyList<ElfVersions.NeededVersion> needs = ElfVersions.ReadNeeds(Glue());
        ElfVersions.NeededVersion v = needs.Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.AreEqual("libstdc++.so.6", v.File);
        Assert.IsFalse(v.IsWeak);
        Assert.IsTrue(needs.Any(n => n.File == "libc.so.6" && n.Name == "GLIBC_2.2.5"), "other libraries' versions are read too");
    }

    [TestMethod]
    public void MarkingWeakChangesOnlyThatEntrysFlags()
    {
        byte[] original = Glue();
        byte[] patched = ElfVersions.MarkWeak(original, "libstdc++.so.6", ["GLIBCXX_3.4.32"]);
        int[] changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.AreEqual(1, changed.Length, "one byte: the low byte of vna_flags");
        Assert.AreEqual(ElfVersions.WeakFlag, patched[changed[0]]);
        IReadOnlyList<ElfVersions.NeededVersion> needs = ElfVersions.ReadNeeds(patched);
        Assert.IsTrue(needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.AreEqual(1, needs.Count(n => n.IsWeak), "nothing else became weak");
        Assert.ThrowsExactly<InvalidDataException>(() => ElfVersions.MarkWeak(original, "libstdc++.so.6", ["GLIBCXX_9.9"]));
    }

    [TestMethod]
    public void OnlyMissingNonWeakLibstdcxxVersionsCount()
    {
        IReadOnlyList<ElfVersions.NeededVersion> needs =
        [
            new("libstdc++.so.6", "GLIBCXX_3.4.30", 0, 0), new("libstdc++.so.6", "GLIBCXX_3.4.32", 0, 0),
            new("libstdc++.so.6", "GLIBCXX_3.4.99", ElfVersions.WeakFlag, 0), new("libc.so.6", "GLIBC_2.99", 0, 0),
        ];
        var debian12 = new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "CXXABI_1.3" };
        var gcc13 = new HashSet<string>(debian12) { "GLIBCXX_3.4.31", "GLIBCXX_3.4.32" };
        CollectionAssert.AreEqual(new[] { "GLIBCXX_3.4.32" }, LibTorchNative.MissingVersions(needs, debian12).ToArray());
        Assert.AreEqual(0, LibTorchNative.MissingVersions(needs, gcc13).Count, "a host with GCC 13's libstdc++ needs no copy");
        Assert.AreEqual("GLIBCXX_3.4.30", LibTorchNative.NewestGlibcxx(debian12));
    }

    [TestMethod]
    public void TheHostsLibstdcxxDefinitionsAreRead()
    {
        string? libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (libstdcxx is null)
        {
            Assert.Inconclusive("no libstdc++.so.6 in the usual folders");
        }

        IReadOnlySet<string> defined = ElfVersions.ReadDefinitions(File.ReadAllBytes(libstdcxx!));
        Assert.IsTrue(defined.Contains("GLIBCXX_3.4") && defined.Contains("CXXABI_1.3"), string.Join(", ", defined));
    }
}
