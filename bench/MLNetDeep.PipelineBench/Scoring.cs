namespace MLNetDeep.PipelineBench;

using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// Scoring a saved ML.NET model of Fashion-MNIST: Transform rows per second over the 10,000 test images (median of the
/// rounds), the same rows scored in batches by ONNX Runtime from the model's exported network (docs/onnx.md, "Scoring
/// many rows"), and single-row PredictionEngine latency (p50 and p99 of 20,000 timed calls after 2,000 warm-up calls).
/// </summary>
internal static class Scoring
{
    public sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Features { get; set; } = new float[784];

        /// <summary>The pipeline's MapValueToKey reads the label column (ML.NET's models keep their label step).</summary>
        public float Label { get; set; }
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    public static void Run(string modelPath, string idxPrefix, int rounds)
    {
        var ml = new MLContext(seed: 1);
        ITransformer model = ml.Model.Load(modelPath, out _);
        IDataView test = ml.Data.LoadFromIdx(idxPrefix);
        long rows = test.GetRowCount() ?? 0;
        var passes = new double[rounds];
        for (int t = -1; t < rounds; t++)
        {
            long start = Stopwatch.GetTimestamp();
            IDataView scored = model.Transform(test);
            using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Score"]]);
            ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            VBuffer<float> score = default;
            while (cursor.MoveNext())
            {
                get(ref score);
            }

            if (t >= 0)
            {
                passes[t] = rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        Array.Sort(passes);
        Console.WriteLine($"Transform: {rows} rows, median {passes[rounds / 2]:F0} rows/s (min {passes[0]:F0}, max {passes[^1]:F0})");
        foreach (int threads in new[] { 1, 0 })
        {
            Batched(ml, model, test, rounds, threads);
        }

        var engine = ml.Model.CreatePredictionEngine<ImageRow, ScoreRow>(model);
        ImageRow[] inputs = ml.Data.CreateEnumerable<ImageRow>(test, reuseRowObject: false).Take(1000).ToArray();
        var output = new ScoreRow();
        for (int i = 0; i < 2000; i++)
        {
            engine.Predict(inputs[i % inputs.Length], ref output);
        }

        var latencies = new double[20000];
        for (int i = 0; i < latencies.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            engine.Predict(inputs[i % inputs.Length], ref output);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(latencies);
        Console.WriteLine($"PredictionEngine: p50 {latencies[latencies.Length / 2]:F1} us, p90 {latencies[latencies.Length * 9 / 10]:F1} us, p99 {latencies[latencies.Length * 99 / 100]:F1} us");
    }

    /// <summary>
    /// The recipe of docs/onnx.md: the pipeline's <c>Features</c> column (only the steps before the network run, since
    /// ML.NET computes the columns a cursor asks for), scored by ONNX Runtime in batches of 1,000 rows from the
    /// network's ONNX bytes, with <paramref name="intraOpThreads"/> (0: ONNX Runtime's default pool).
    /// </summary>
    private static void Batched(MLContext ml, ITransformer model, IDataView test, int rounds, int intraOpThreads)
    {
        const int Batch = 1000;
        byte[] onnx = ml.Model.GetFeedForwardOnnx(model) ?? throw new InvalidOperationException("not an MLNetDeep model");
        using var options = new SessionOptions();
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        using var session = new InferenceSession(onnx, options);
        var passes = new double[rounds];
        float checksum = 0;
        for (int t = -1; t < rounds; t++)
        {
            long start = Stopwatch.GetTimestamp();
            IDataView features = model.Transform(test);
            using DataViewRowCursor cursor = features.GetRowCursor([features.Schema["Features"]]);
            ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(features.Schema["Features"]);
            var buffer = new float[Batch * 784];
            VBuffer<float> row = default;
            int n = 0;
            long total = 0;
            while (true)
            {
                bool more = cursor.MoveNext();
                if (more)
                {
                    get(ref row);
                    row.CopyTo(buffer, n * 784);
                    n++;
                }

                if (n == Batch || (!more && n > 0))
                {
                    var input = new DenseTensor<float>(buffer.AsMemory(0, n * 784), [n, 784]);
                    using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", input)], ["Score"]);
                    checksum += results.First().AsTensor<float>()[0, 0];
                    total += n;
                    n = 0;
                }

                if (!more)
                {
                    break;
                }
            }

            if (t >= 0)
            {
                passes[t] = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        Array.Sort(passes);
        string pool = intraOpThreads > 0 ? $"{intraOpThreads} intra-op thread" : "default intra-op pool";
        Console.WriteLine($"Batched ONNX Runtime ({Batch} rows a run, {pool}): median {passes[rounds / 2]:F0} rows/s (min {passes[0]:F0}, max {passes[^1]:F0}; checksum {checksum:F3})");
    }
}
