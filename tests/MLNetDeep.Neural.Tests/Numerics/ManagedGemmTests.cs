using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Neural.Tests.Numerics;

[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class ManagedGemmTests
{
    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void MatchesReferenceOnOddSizes(bool transposeA, bool transposeB)
    {
        foreach (int m in GemmCheck.OddSizes)
        {
            foreach (int n in GemmCheck.OddSizes)
            {
                foreach (int k in GemmCheck.OddSizes)
                {
                    GemmCheck.Check("managed", transposeA, transposeB, m, n, k, 1f, 0f,
                        (a, b, c) => Gemm.Multiply(GemmBackend.Managed, transposeA, transposeB, m, n, k, 1f, a, b, 0f, c));
                }
            }
        }
    }

    [TestMethod]
    [DataRow(false, false, 128, 256, 784)]
    [DataRow(true, false, 784, 256, 128)]
    [DataRow(false, true, 128, 784, 256)]
    [DataRow(true, true, 130, 257, 600)]
    [DataRow(false, false, 300, 10, 2)]
    [DataRow(false, false, 1, 1100, 3)]
    [DataRow(false, false, 3, 5, 1030)]
    public void MatchesReferenceOnTrainingShapes(bool transposeA, bool transposeB, int m, int n, int k)
    {
        GemmCheck.Check("managed", transposeA, transposeB, m, n, k, 1f, 0f,
            (a, b, c) => Gemm.Multiply(GemmBackend.Managed, transposeA, transposeB, m, n, k, 1f, a, b, 0f, c, threads: 2));
    }

    [TestMethod]
    [DataRow(1f, 0f)]
    [DataRow(1f, 1f)]
    [DataRow(0.5f, 0f)]
    [DataRow(0.5f, -2f)]
    [DataRow(-1.5f, 0.25f)]
    public void HonoursAlphaAndBeta(float alpha, float beta)
    {
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach ((int m, int n, int k) in new[] { (7, 17, 33), (33, 65, 300), (65, 7, 600) })
                {
                    GemmCheck.Check("managed", transposeA, transposeB, m, n, k, alpha, beta,
                        (a, b, c) => Gemm.Multiply(GemmBackend.Managed, transposeA, transposeB, m, n, k, alpha, a, b, beta, c));
                }
            }
        }
    }

    [TestMethod]
    [DataRow((int)GemmKernelKind.Vector512Fma)]
    [DataRow((int)GemmKernelKind.Vector256Fma)]
    [DataRow((int)GemmKernelKind.Vector128)]
    [DataRow((int)GemmKernelKind.Scalar)]
    public void EveryKernelMatchesReference(int kernelKind)
    {
        // GemmKernelKind is internal, so the data row carries its number.
        var kernel = (GemmKernelKind)kernelKind;
        if (!ManagedGemm.IsSupported(kernel))
        {
            Assert.Inconclusive($"{kernel} is not supported by this CPU.");
        }

        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach ((int m, int n, int k) in new[] { (1, 1, 1), (3, 7, 17), (17, 33, 3), (33, 17, 65), (65, 130, 300) })
                {
                    GemmCheck.Check(kernel.ToString(), transposeA, transposeB, m, n, k, 0.5f, 1f,
                        (a, b, c) => ManagedGemm.Multiply(transposeA, transposeB, m, n, k, 0.5f, a, b, 1f, c, 1, kernel));
                }
            }
        }
    }

    [TestMethod]
    [DataRow((int)GemmKernelKind.Vector512Fma)]
    [DataRow((int)GemmKernelKind.Vector256Fma)]
    public void EveryFmaKernelGivesThePlainTwinsBitsOnOddSizes(int kernelKind)
    {
        // The FMA kernels sum every element of C the same way (equal k-blocks of at most KC, one fused multiply-add
        // per p in order, alpha * acc + beta * C per block), whatever the micro-tile: the plain twin
        // ReferenceGemm.MultiplyPackedOrder gives their exact bits, so the Vector512 and Vector256 paths agree.
        var kernel = (GemmKernelKind)kernelKind;
        if (!ManagedGemm.IsSupported(kernel))
        {
            Assert.Inconclusive($"{kernel} is not supported by this process (Vector512.IsHardwareAccelerated = {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}).");
        }

        int[] sizes = [1, 3, 7, 9, 17, 33, 65];
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (int m in sizes)
                {
                    foreach (int n in sizes)
                    {
                        foreach (int k in new[] { 1, 7, 33, 401, 803 })
                        {
                            CheckAgainstPackedOrderTwin(kernel, transposeA, transposeB, m, n, k, 0.75f, m % 2 == 0 ? 0f : -0.5f, threads: 1 + (n % 2));
                        }
                    }
                }
            }
        }

        foreach ((bool tA, bool tB, int m, int n, int k) in new[] { (false, false, 128, 256, 784), (true, false, 784, 256, 128), (false, true, 128, 784, 256), (false, false, 96, 10, 128) })
        {
            CheckAgainstPackedOrderTwin(kernel, tA, tB, m, n, k, 1f, tA ? 1f : 0f, threads: 2);
        }
    }

    private static void CheckAgainstPackedOrderTwin(GemmKernelKind kernel, bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta, int threads)
    {
        var rng = new Rng((m * 7919L) + (n * 31L) + k);
        float[] a = GemmCheck.Random(rng, m * k);
        float[] b = GemmCheck.Random(rng, k * n);
        float[] c0 = GemmCheck.Random(rng, m * n);
        float[] twin = (float[])c0.Clone();
        float[] fast = (float[])c0.Clone();
        if (beta == 0f)
        {
            fast.AsSpan().Fill(float.NaN); // beta 0 overwrites
        }

        ReferenceGemm.MultiplyPackedOrder(transposeA, transposeB, m, n, k, alpha, a, b, beta, twin);
        ManagedGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, fast, threads, kernel);
        GemmCheck.AssertBits(twin, fast, $"{kernel} tA={transposeA} tB={transposeB} m={m} n={n} k={k} alpha={alpha} beta={beta} threads={threads}");
    }

    [TestMethod]
    [DataRow(false, false, 128, 256, 784)]
    [DataRow(true, false, 784, 256, 128)]
    [DataRow(false, true, 128, 784, 256)]
    [DataRow(true, true, 130, 65, 33)]
    [DataRow(false, false, 1, 784, 256)]
    [DataRow(false, false, 997, 3, 300)]
    public void ThreadCountDoesNotChangeABit(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var rng = new Rng(7);
        float[] a = GemmCheck.Random(rng, m * k);
        float[] b = GemmCheck.Random(rng, k * n);
        float[] c0 = GemmCheck.Random(rng, m * n);
        float[] one = (float[])c0.Clone();
        Gemm.Multiply(GemmBackend.Managed, transposeA, transposeB, m, n, k, 0.75f, a, b, 0.5f, one, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            float[] many = (float[])c0.Clone();
            Gemm.Multiply(GemmBackend.Managed, transposeA, transposeB, m, n, k, 0.75f, a, b, 0.5f, many, threads);
            CollectionAssert.AreEqual(one, many, $"threads={threads}");
        }
    }

    [TestMethod]
    [DataRow(false, false, 130, 257, 300)]
    [DataRow(true, true, 257, 130, 300)]
    [DataRow(false, true, 65, 33, 17)]
    public unsafe void AnySlabPartitionGivesTheSameBits(bool transposeA, bool transposeB, int m, int n, int k)
    {
        // Runs the slabs one after another for 1..5 parts, whatever this machine's core count, both split directions.
        var rng = new Rng(11);
        float[] a = GemmCheck.Random(rng, m * k);
        float[] b = GemmCheck.Random(rng, k * n);
        float[]? first = null;
        fixed (float* pa = a)
        fixed (float* pb = b)
        {
            foreach (bool splitColumns in new[] { true, false })
            {
                for (int parts = 1; parts <= 5; parts++)
                {
                    float[] c = new float[m * n];
                    fixed (float* pc = c)
                    {
                        var job = new GemmJob
                        {
                            A = pa, ARowStride = transposeA ? 1 : k, AColStride = transposeA ? m : 1,
                            B = pb, BRowStride = transposeB ? 1 : n, BColStride = transposeB ? k : 1,
                            C = pc, Ldc = n, M = m, N = n, K = k, Alpha = 1f, Beta = 0f,
                            Kernel = ManagedGemm.BestKernel, Parts = parts, SplitColumns = splitColumns,
                            Mr = ManagedGemm.Tile(ManagedGemm.BestKernel).Mr, Nr = ManagedGemm.Tile(ManagedGemm.BestKernel).Nr,
                        };
                        for (int part = 0; part < parts; part++)
                        {
                            ManagedGemm.RunPart(in job, part);
                        }
                    }

                    first ??= c;
                    CollectionAssert.AreEqual(first, c, $"parts={parts} splitColumns={splitColumns}");
                }
            }
        }
    }

    [TestMethod]
    public void DoesNotAllocateOnceWarm()
    {
        var rng = new Rng(3);
        float[] a = GemmCheck.Random(rng, 128 * 784);
        float[] b = GemmCheck.Random(rng, 784 * 256);
        float[] c = new float[128 * 256];
        Gemm.Multiply(GemmBackend.Managed, false, false, 128, 256, 784, 1f, a, b, 0f, c, threads: 2);
        Gemm.Multiply(GemmBackend.Managed, false, false, 128, 256, 784, 1f, a, b, 0f, c, threads: 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Gemm.Multiply(GemmBackend.Managed, false, false, 128, 256, 784, 1f, a, b, 0f, c, threads: 2);
            Gemm.Multiply(GemmBackend.Managed, false, false, 128, 256, 784, 1f, a, b, 0f, c, threads: 1);
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
