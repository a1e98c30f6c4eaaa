namespace MLNetDeep.PipelineBench;

using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Scoring a saved ML.NET model of Fashion-MNIST: Transform rows per second over the 10,000 test images (median of the
/// rounds) and single-row PredictionEngine latency (p50 and p99 of 20,000 timed calls after 2,000 warm-up calls).
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
}
