using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Neural.Tests.Numerics;

[TestClass]
public sealed class OpenBlasGemmTests
{
    private static void RequireOpenBlas()
    {
        if (!Gemm.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS not installed: apt-get install libopenblas0-pthread");
        }
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void MatchesReferenceOnOddSizes(bool transposeA, bool transposeB)
    {
        RequireOpenBlas();
        foreach (int m in GemmCheck.OddSizes)
        {
            foreach (int n in GemmCheck.OddSizes)
            {
                foreach (int k in GemmCheck.OddSizes)
                {
                    GemmCheck.Check("openblas", transposeA, transposeB, m, n, k, 1f, 0f,
                        (a, b, c) => Gemm.Multiply(GemmBackend.OpenBlas, transposeA, transposeB, m, n, k, 1f, a, b, 0f, c));
                }
            }
        }
    }

    [TestMethod]
    [DataRow(false, false, 128, 256, 784, 2)]
    [DataRow(true, false, 784, 256, 128, 2)]
    [DataRow(false, true, 128, 784, 256, 1)]
    [DataRow(false, false, 300, 10, 2, 1)]
    public void MatchesReferenceOnTrainingShapes(bool transposeA, bool transposeB, int m, int n, int k, int threads)
    {
        RequireOpenBlas();
        GemmCheck.Check("openblas", transposeA, transposeB, m, n, k, 1f, 0f,
            (a, b, c) => Gemm.Multiply(GemmBackend.OpenBlas, transposeA, transposeB, m, n, k, 1f, a, b, 0f, c, threads));
    }

    [TestMethod]
    [DataRow(1f, 0f)]
    [DataRow(1f, 1f)]
    [DataRow(0.5f, 0f)]
    [DataRow(-1.5f, 0.25f)]
    public void HonoursAlphaAndBeta(float alpha, float beta)
    {
        RequireOpenBlas();
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach ((int m, int n, int k) in new[] { (7, 17, 33), (33, 65, 300) })
                {
                    GemmCheck.Check("openblas", transposeA, transposeB, m, n, k, alpha, beta,
                        (a, b, c) => Gemm.Multiply(GemmBackend.OpenBlas, transposeA, transposeB, m, n, k, alpha, a, b, beta, c));
                }
            }
        }
    }

    [TestMethod]
    public void AutoTakesOpenBlasOnlyWhenItsKernelsAreWider()
    {
        GemmBackend expected = Gemm.IsOpenBlasAvailable && OpenBlasGemm.VectorBits > Gemm.ManagedVectorBits ? GemmBackend.OpenBlas : GemmBackend.Managed;
        Assert.AreEqual(expected, Gemm.Resolve(GemmBackend.Auto));
        Assert.AreEqual(GemmBackend.Managed, Gemm.ChooseAuto(managedBits: 512, openBlasBits: 256), "AVX-512 managed kernel vs OPENBLAS_CORETYPE=Haswell");
        Assert.AreEqual(GemmBackend.Managed, Gemm.ChooseAuto(managedBits: 512, openBlasBits: 512), "same width: managed (measured at least as fast)");
        Assert.AreEqual(GemmBackend.Managed, Gemm.ChooseAuto(managedBits: 256, openBlasBits: 256), "same width on an AVX2 machine");
        Assert.AreEqual(GemmBackend.OpenBlas, Gemm.ChooseAuto(managedBits: 256, openBlasBits: 512), ".NET keeps Vector512 off, OpenBLAS runs AVX-512");
        Assert.AreEqual(GemmBackend.Managed, Gemm.ChooseAuto(managedBits: 512, openBlasBits: 0), "OpenBLAS absent");
    }

    [TestMethod]
    [DataRow("Haswell", 256)]
    [DataRow("ZEN", 256)]
    [DataRow("SkylakeX", 512)]
    [DataRow("Cooperlake", 512)]
    [DataRow("SapphireRapids", 512)]
    [DataRow("Nehalem", 128)]
    [DataRow("SomeFutureCore", 256)]
    [DataRow(null, 256)]
    public void OpenBlasCoreNamesMapToTheirVectorWidth(string? core, int bits)
    {
        Assert.AreEqual(bits, OpenBlasGemm.VectorBitsOf(core));
    }

    [TestMethod]
    public void TheDescriptionSaysWhichBackendRunsAndWhy()
    {
        string description = Gemm.Description;
        StringAssert.StartsWith(description, $"GEMM: {Gemm.ActiveBackend}");
        StringAssert.Contains(description, Gemm.ManagedInstructionSet);
        StringAssert.Contains(description, Gemm.IsOpenBlasAvailable ? $"OpenBLAS core {OpenBlasGemm.CoreName}" : "OpenBLAS absent");
    }

    [TestMethod]
    public void ForcingOpenBlasWithoutTheLibrarySaysWhatToInstall()
    {
        // Resolution is tested with the library declared absent, so this runs whether or not OpenBLAS is installed.
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Gemm.Resolve(GemmBackend.OpenBlas, openBlasAvailable: false));
        StringAssert.Contains(error.Message, "libopenblas0-pthread");
        Assert.AreEqual(GemmBackend.Managed, Gemm.Resolve(GemmBackend.Auto, openBlasAvailable: false));
        if (!Gemm.IsOpenBlasAvailable)
        {
            error = Assert.ThrowsExactly<InvalidOperationException>(() => Gemm.Backend = GemmBackend.OpenBlas);
            StringAssert.Contains(error.Message, "libopenblas0-pthread");
        }
    }
}
