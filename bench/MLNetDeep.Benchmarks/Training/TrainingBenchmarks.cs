using BenchmarkDotNet.Attributes;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;

namespace MLNetDeep.Benchmarks.Training;

/// <summary>
/// The pieces of one training step of the issue-6 network (784-256-128-10, ReLU, batch norm after each hidden Dense,
/// softmax cross-entropy, Adam) at batch N = 128, each timed alone, and the whole step. One thread for the products,
/// so the figures are comparable on a shared machine; the Threads parameter adds the two-thread case.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int N = 128;
    private Network _network = null!;
    private Dense _dense = null!;
    private BatchNorm _batchNorm = null!;
    private readonly SoftmaxCrossEntropy _loss = new();
    private Optimizer _adam = null!;
    private float[] _x = [];
    private float[] _target = [];
    private float[] _gradient = [];
    private float[] _denseOut = [];
    private float[] _bnIn = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _network = new Network(784,
            [new Dense(256, useBias: false), new BatchNorm(), new Relu(), new Dense(128, useBias: false), new BatchNorm(), new Relu(), new Dense(10)]);
        _network.Initialize(1);
        _network.Threads = Threads;
        _adam = new OptimizerOptions { Kind = OptimizerKind.Adam }.Create();
        var rng = new Rng(2);
        _x = Fill(rng, N * 784);
        _target = Enumerable.Range(0, N).Select(i => (float)(i % 10)).ToArray();
        _gradient = new float[N * 10];
        _dense = new Dense(256, useBias: false);
        _dense.Build(784);
        _dense.ResetParameters(rng);
        _dense.Threads = Threads;
        _denseOut = Fill(rng, N * 256);
        _batchNorm = new BatchNorm();
        _batchNorm.Build(256);
        _bnIn = Fill(rng, N * 256);
        TrainingStep(); // warm: buffers sized, optimizer state created
        DenseForwardBackward();
        BatchNormForwardBackward();
    }

    private static float[] Fill(Rng rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (rng.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    /// <summary>Dense 784 -> 256 forward, x [128,784].</summary>
    [Benchmark]
    public ReadOnlyMemory<float> DenseForward() => _dense.Forward(_x, N, training: true);

    /// <summary>Dense 784 -> 256 forward then backward (dW and dX).</summary>
    [Benchmark]
    public ReadOnlyMemory<float> DenseForwardBackward()
    {
        _dense.Forward(_x, N, training: true);
        return _dense.Backward(_denseOut, N);
    }

    /// <summary>Batch norm over [128,256], training forward then backward.</summary>
    [Benchmark]
    public ReadOnlyMemory<float> BatchNormForwardBackward()
    {
        _batchNorm.Forward(_bnIn, N, training: true);
        return _batchNorm.Backward(_bnIn, N);
    }

    /// <summary>Softmax cross-entropy over [128,10]: mean loss and its gradient.</summary>
    [Benchmark]
    public double SoftmaxCrossEntropy() => _loss.Compute(_x.AsSpan(0, N * 10), _target, default, N, 10, _gradient);

    /// <summary>One Adam step over the network's 235k parameters.</summary>
    [Benchmark]
    public long AdamStep()
    {
        _adam.Step(_network.Parameters, 0.001f);
        return _adam.StepCount;
    }

    /// <summary>Forward, loss, backward and Adam step on one mini-batch of 128.</summary>
    [Benchmark]
    public double TrainingStep()
    {
        _network.ZeroGradients();
        ReadOnlyMemory<float> y = _network.Forward(_x, N, training: true);
        double loss = _loss.Compute(y.Span, _target, default, N, 10, _gradient);
        _network.Backward(_gradient, N);
        _adam.Step(_network.Parameters, 0.001f);
        return loss;
    }
}
