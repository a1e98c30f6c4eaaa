namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;

/// <summary>Steady-state training allocates nothing per mini-batch (issue #6): bytes allocated per epoch do not grow with the batch count.</summary>
[TestClass]
public sealed class AllocationTests
{
    private static long BytesPerEpoch(int batchSize)
    {
        var rng = new MLNetDeep.Neural.Numerics.Rng(2);
        var x = new float[2000 * 20];
        var y = new float[2000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextGaussian();
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = rng.NextInt(4);
        }

        Network n = new NetworkArchitecture { HiddenLayers = [32, 16], BatchNorm = true, DropoutRate = 0.2f }.Build(20, 4);
        n.Initialize(1);
        var trainer = new NetworkTrainer(n, new SoftmaxCrossEntropy(), new TrainingOptions
        {
            NumberOfEpochs = 4,
            BatchSize = batchSize,
            NumberOfThreads = 1,
            L2Regularization = 0.01f,
            GradientClipNorm = 5f,
        });
        var marks = new List<long>();
        trainer.EpochCompleted += (_, _) => marks.Add(GC.GetAllocatedBytesForCurrentThread());
        trainer.Fit(new ExampleSet(x, 20, y));
        return marks[3] - marks[2]; // a steady-state epoch
    }

    [TestMethod]
    public void AnEpochOfManyBatchesAllocatesNoMoreThanAnEpochOfFew()
    {
        long few = BytesPerEpoch(1000);   // 2 batches per epoch
        long many = BytesPerEpoch(10);    // 200 batches per epoch
        // Per-epoch bookkeeping (the history record, the epoch's generators, event arguments) is a few hundred bytes;
        // 198 more batches must add nothing.
        Assert.IsTrue(many <= few + 64, $"an epoch of 200 batches allocated {many} bytes, one of 2 batches {few}");
        Assert.IsTrue(few < 4096, $"per-epoch bookkeeping allocated {few} bytes");
    }
}
