using System.Globalization;
using System.IO.Compression;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;

namespace MLNetDeep.Benchmarks.Training;

/// <summary>
/// <c>--train-epochs PREFIX EPOCHS THREADS [bn-dropout|plain]</c>: the engine alone trains the comparison's network
/// (784-256-128-10 ReLU, Adam 0.001, constant rate, batches of 128, seed 1; with <c>bn-dropout</c> batch norm and
/// dropout 0.2) on an IDX set (Fashion-MNIST's <c>.../train</c>), features standardized per pixel as the CLI does, and
/// prints one JSON line with every epoch's seconds. The same epochs the CLI's <c>train</c> reports, without its
/// loading and scoring, so that a run takes seconds: <c>bench/compare/paired.sh</c> alternates it with the Python
/// anchors in many short rounds, which keeps each comparison's two sides close in time on a noisy machine. Uses the
/// public API only, so the same file builds against an earlier engine (the baseline).
/// </summary>
internal static class TrainEpochs
{
    public static void Run(string prefix, int epochs, int threads, bool batchNormAndDropout)
    {
        (float[] x, float[] y, int rows) = Load(prefix);
        Network network = new NetworkArchitecture
        {
            HiddenLayers = [256, 128],
            BatchNorm = batchNormAndDropout,
            DropoutRate = batchNormAndDropout ? 0.2f : 0f,
        }.Build(784, 10);
        network.Initialize(1);
        var options = new TrainingOptions
        {
            LearningRate = 0.001f, NumberOfEpochs = epochs, BatchSize = 128, Seed = 1, NumberOfThreads = threads,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam },
        };
        var seconds = new List<double>();
        var trainer = new NetworkTrainer(network, new SoftmaxCrossEntropy(), options);
        trainer.EpochCompleted += (_, e) =>
        {
            seconds.Add(e.Record.Seconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {e.Record.Epoch}: {e.Record.Seconds:F3}s loss {e.Record.Loss:F4}"));
        };
        trainer.Fit(new ExampleSet(x, 784, y));
        Console.WriteLine("{\"epochSeconds\": [" + string.Join(", ", seconds.Select(s => s.ToString("R", CultureInfo.InvariantCulture))) + "], \"rows\": " + rows + "}");
    }

    private static (float[] X, float[] Y, int Rows) Load(string prefix)
    {
        byte[] images = Read(prefix + "-images-idx3-ubyte");
        byte[] labels = Read(prefix + "-labels-idx1-ubyte");
        int rows = (images[4] << 24) | (images[5] << 16) | (images[6] << 8) | images[7];
        const int f = 784;
        var x = new float[(long)rows * f];
        var y = new float[rows];
        var mean = new double[f];
        var square = new double[f];
        for (int r = 0; r < rows; r++)
        {
            y[r] = labels[8 + r];
            for (int c = 0; c < f; c++)
            {
                double v = images[16 + ((long)r * f) + c] / 255.0;
                mean[c] += v;
                square[c] += v * v;
            }
        }

        for (int c = 0; c < f; c++)
        {
            mean[c] /= rows;
            double sd = Math.Sqrt(Math.Max(0, (square[c] / rows) - (mean[c] * mean[c])));
            square[c] = sd > 0 ? 1 / sd : 1;
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < f; c++)
            {
                x[((long)r * f) + c] = (float)(((images[16 + ((long)r * f) + c] / 255.0) - mean[c]) * square[c]);
            }
        }

        return (x, y, rows);
    }

    private static byte[] Read(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        return memory.ToArray();
    }
}
