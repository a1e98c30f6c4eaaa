namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>
/// Same seed, data and options give bit-identical weights with 1 or 2 threads, on shapes large enough that both
/// backends really split the work (784 inputs, 256 and 128 hidden units, batches of 128).
/// The backend is a process-wide setting, so these tests do not run alongside others.
/// </summary>
[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
[DoNotParallelize]
public sealed class BackendDeterminismTests
{
    /// <summary>Trains 784-256-128-10 with batch norm and dropout for 2 epochs of 4 batches; returns every parameter and state array.</summary>
    internal static float[][] Train(int threads)
    {
        var rng = new MLNetDeep.Neural.Numerics.Rng(1);
        var x = new float[512 * 784];
        var y = new float[512];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = rng.NextInt(10);
        }

        Network n = new NetworkArchitecture { HiddenLayers = [256, 128], BatchNorm = true, DropoutRate = 0.2f }.Build(784, 10);
        n.Initialize(3);
        new NetworkTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions { NumberOfEpochs = 2, BatchSize = 128, Seed = 4, NumberOfThreads = threads })
            .Fit(new ExampleSet(x, 784, y));
        return n.Parameters.Select(p => p.Value).Concat(n.Layers.SelectMany(l => l.State)).ToArray();
    }

    private static void Check(GemmBackend backend)
    {
        GemmBackend before = Gemm.Backend;
        try
        {
            Gemm.Backend = backend;
            TrainingTestData.AssertBitIdentical(Train(1), Train(2), $"{backend}: 1 thread vs 2 threads");
        }
        finally
        {
            Gemm.Backend = before;
        }
    }

    [TestMethod]
    public void ManagedBackendIsThreadCountInvariant() => Check(GemmBackend.Managed);

    [TestMethod]
    public void OpenBlasBackendIsThreadCountInvariant()
    {
        if (!Gemm.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS is not installed (apt-get install libopenblas0-pthread).");
        }

        Check(GemmBackend.OpenBlas);
    }
}
