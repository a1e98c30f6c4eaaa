using System.Diagnostics;
using MLNetDeep.Legacy.Data;

namespace MLNetDeep.Benchmarks.Scoring;

/// <summary>
/// Stopwatch measurement of scoring a saved model (e.g. one written by <c>mlnetdeep train</c> on Fashion-MNIST):
/// Transform rows per second over an IDX test set (median of 7 passes) and single-row PredictionEngine latency
/// (median of 21 batches of 500 predictions). For before/after comparisons; BenchmarkDotNet has the same cases.
/// </summary>
internal static class ScoringQuick
{
    /// <summary>The input row of an image model: 784 pixel features (and the label column the pipeline may read).</summary>
    public sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Features { get; set; } = new float[784];

        public float Label { get; set; }
    }

    /// <summary>The scores of a multiclass model.</summary>
    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    public static void Run(string modelPath, string idxPrefix)
    {
        var context = new DeepContext(seed: 1);
        ITransformer model = context.Model.Load(modelPath, out _);
        IDataView test = context.Data.LoadFromIdx(idxPrefix);
        long rows = test.GetRowCount() ?? 0;

        var passes = new double[7];
        var cpuPasses = new double[7];
        double checksum = 0;
        var process = Process.GetCurrentProcess();
        for (int t = -1; t < passes.Length; t++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            checksum = TransformPass(model, test);
            if (t >= 0)
            {
                passes[t] = rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
                process.Refresh();
                cpuPasses[t] = rows / (process.TotalProcessorTime - cpu0).TotalSeconds;
            }
        }

        Array.Sort(cpuPasses);

        Array.Sort(passes);
        var featurePasses = new double[7];
        for (int t = 0; t < featurePasses.Length; t++)
        {
            long start = Stopwatch.GetTimestamp();
            TransformPass(model, test, "Features");
            featurePasses[t] = rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(featurePasses);
        Console.WriteLine($"Transform, reading only the features the network sees (no scoring): median {featurePasses[3]:F0} rows/s");
        Console.WriteLine($"Transform: {rows} rows, median {passes[passes.Length / 2]:F0} rows/s (min {passes[0]:F0}, max {passes[^1]:F0}); per CPU-second of the process {cpuPasses[3]:F0}; checksum {checksum:R}");

        var engine = context.Model.CreatePredictionEngine<ImageRow, ScoreRow>(model);
        ImageRow[] inputs = context.Data.CreateEnumerable<ImageRow>(test, reuseRowObject: false).Take(500).ToArray();
        var output = new ScoreRow();
        for (int i = 0; i < inputs.Length; i++)
        {
            engine.Predict(inputs[i], ref output);
        }

        var latencies = new double[21];
        for (int t = 0; t < latencies.Length; t++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inputs.Length; i++)
            {
                engine.Predict(inputs[i], ref output);
            }

            latencies[t] = Stopwatch.GetElapsedTime(start).TotalSeconds / inputs.Length * 1e6;
        }

        Array.Sort(latencies);
        Console.WriteLine($"PredictionEngine: median {latencies[latencies.Length / 2]:F1} us/row (min {latencies[0]:F1}, max {latencies[^1]:F1})");
    }

    /// <summary>Reads every row's Score through a cursor; returns a checksum so the work cannot be skipped.</summary>
    public static double TransformPass(ITransformer model, IDataView data, string column = "Score")
    {
        IDataView scored = model.Transform(data);
        DataViewSchema.Column score = scored.Schema[column];
        using DataViewRowCursor cursor = scored.GetRowCursor([score]);
        ValueGetter<float[]> get = cursor.GetGetter<float[]>(score);
        float[] values = [];
        double sum = 0;
        while (cursor.MoveNext())
        {
            get(ref values);
            sum += values[0];
        }

        return sum;
    }
}
