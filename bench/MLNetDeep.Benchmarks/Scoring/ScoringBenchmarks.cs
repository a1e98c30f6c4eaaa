using BenchmarkDotNet.Attributes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Scoring;

/// <summary>
/// Scoring the issue-6 network (784-256-128-10, ReLU, batch norm): one row through a PredictionEngine (latency), and
/// 10,000 rows through Transform (divide 10,000 by the mean for rows per second). The model is trained for one epoch
/// on 1,024 random rows: only its shape matters here.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Rows = 10_000;
    private ITransformer _model = null!;
    private IDataView _data = null!;
    private PredictionEngine<ScoringQuick.ImageRow, ScoringQuick.ScoreRow> _engine = null!;
    private ScoringQuick.ImageRow[] _inputs = [];
    private ScoringQuick.ScoreRow _output = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var context = new DeepContext(seed: 1);
        var rng = new Rng(3);
        _inputs = Enumerable.Range(0, Rows).Select(i => new ScoringQuick.ImageRow
        {
            Features = Enumerable.Range(0, 784).Select(_ => rng.NextSingle()).ToArray(),
            Label = i % 10,
        }).ToArray();
        _data = context.Data.LoadFromEnumerable(_inputs);
        var options = new MLNetDeep.Legacy.Trainers.FeedForwardMulticlassTrainer.Options
        {
            HiddenLayers = [256, 128], BatchNormalization = true, NumberOfEpochs = 1,
        };
        _model = context.Transforms.Conversion.MapValueToKey("Label")
            .Append(context.MulticlassClassification.Trainers.FeedForward(options))
            .Fit(context.Data.LoadFromEnumerable(_inputs.Take(1024)));
        _engine = context.Model.CreatePredictionEngine<ScoringQuick.ImageRow, ScoringQuick.ScoreRow>(_model);
        SingleRowPrediction();
    }

    /// <summary>One row through the PredictionEngine (cycles through 10,000 inputs).</summary>
    [Benchmark]
    public float SingleRowPrediction()
    {
        _engine.Predict(_inputs[_next], ref _output);
        _next = (_next + 1) % Rows;
        return _output.Score[0];
    }

    /// <summary>10,000 rows through Transform, reading every row's Score.</summary>
    [Benchmark(OperationsPerInvoke = 1)]
    public double Transform10k() => ScoringQuick.TransformPass(_model, _data);
}
