namespace MLNetDeep.TorchSharp.Training;

using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;
using global::TorchSharp;
using static global::TorchSharp.torch;

/// <summary>
/// One training run of <see cref="TorchSharpTrainer"/>: the network's tensors and the optimizer on the device, the
/// training data on the host as tensors over the engine's arrays, the epoch's order and dropout masks; and the steps of
/// an epoch (shuffle, mini-batches of forward, loss with the course's L2, backward, clipping, update, divergence checks).
/// </summary>
internal sealed class TorchRun : IDisposable
{
    private readonly Network _network;
    private readonly TorchLoss _torchLoss;
    private readonly Device _device;
    private readonly TrainingOptions _options;
    private readonly ExampleSet _training;
    private readonly TrainingLoop.Batches _batches;
    private readonly int[] _order;
    private readonly long[] _orderLong;
    private readonly float[][] _epochStart;
    private readonly float[][] _masks;
    private readonly Tensor[] _batchMasks;
    private readonly DisposeScope _data;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly Tensor? _w;
    private readonly Tensor _orderTensor;

    /// <summary>The run's first mini-batch loss (NaN before it), the reference for an exploded loss.</summary>
    private double _firstLoss = double.NaN;

    public TorchRun(Network network, TorchLoss torchLoss, Device device, TrainingOptions options, ExampleSet training, Optimizer? resumed)
    {
        _network = network;
        _torchLoss = torchLoss;
        _device = device;
        _options = options;
        _training = training;
        int n = training.Count;
        _batches = TrainingLoop.Batches.For(network, n, options.BatchSize);
        _order = new int[n];
        _orderLong = new long[n];
        _epochStart = network.CaptureWeights();

        Model = new TorchNetwork(network, device);
        try
        {
            Optimizer = new TorchOptimizer(options.Optimizer, Model.Parameters, Model.Regularized);
            if (resumed is not null)
            {
                Optimizer.Import(resumed.StepCount, resumed.State);
            }

            _masks = new float[Model.DropoutLayers][];
            for (int d = 0; d < _masks.Length; d++)
            {
                _masks[d] = new float[_batches.Largest * Model.DropoutWidth(d)];
            }

            _batchMasks = new Tensor[_masks.Length];
            _data = NewDisposeScope(); // the host tensors below; each batch's tensors live in a scope of its own
            _x = frombuffer(training.Features, ScalarType.Float32).view(n, training.FeatureCount);
            _y = frombuffer(training.Targets, ScalarType.Float32).view(n, training.TargetWidth);
            _w = training.Weights is null ? null : frombuffer(training.Weights, ScalarType.Float32);
            _orderTensor = frombuffer(_orderLong, ScalarType.Int64);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The network's parameters and state on the device.</summary>
    public TorchNetwork Model { get; }

    /// <summary>The optimizer over <see cref="Model"/>'s parameters, in the engine's conventions.</summary>
    public TorchOptimizer Optimizer { get; }

    /// <summary>Trains one epoch at learning rate <paramref name="lr"/>; returns the training loss (<see cref="TrainingLoop.Weighs"/>), the metric summed, and the batch count.</summary>
    public (double Loss, double MetricSum, int Batches) TrainEpoch(int epoch, double lr, CancellationToken ct)
    {
        TrainingLoop.FillOrder(_order, _options, epoch);
        for (int i = 0; i < _order.Length; i++)
        {
            _orderLong[i] = _order[i];
        }

        Rng dropout = Rng.Derive(_options.Seed, RngStreams.Dropout, (ulong)epoch);
        Model.CopyTo(_epochStart);
        double lossSum = 0;
        double metricSum = 0;
        int batch = 0, counted = 0;
        for (int start = 0, m; start < _order.Length; start += m)
        {
            m = _batches.RowsAt(start);
            batch++;
            (double cost, double metric) = Step(start, m, dropout, epoch, batch, lr);
            metricSum += metric;
            if (TrainingLoop.Weighs(_training, _order.AsSpan(start, m)))
            {
                lossSum += cost * m;
                counted += m;
            }

            ct.ThrowIfCancellationRequested();
        }

        return (lossSum / counted, metricSum, batch);
    }

    /// <summary>Puts the epoch's starting weights back (in the tensors and the network) and throws the engine's divergence error.</summary>
    [DoesNotReturn]
    public void Diverged(int epoch, int batch, double value, double lr, string what, double? firstLoss = null)
    {
        Model.CopyFrom(_epochStart);
        _network.RestoreWeights(_epochStart);
        throw new TrainingDivergedException(epoch + 1, batch, value, lr, what, firstLoss);
    }

    public void Dispose()
    {
        _data?.Dispose(); // null only when the constructor failed
        Optimizer?.Dispose();
        Model.Dispose();
    }

    /// <summary>One mini-batch: the rows <c>order[start .. start + m)</c>; returns the batch's mean cost and summed metric.</summary>
    private (double Cost, double Metric) Step(int start, int m, Rng dropout, int epoch, int batch, double lr)
    {
        using var scope = NewDisposeScope();
        Tensor rows = _orderTensor.narrow(0, start, m);
        Tensor xb = _x.index_select(0, rows).to(_device);
        Tensor yb = _torchLoss.PrepareTargets(_y.index_select(0, rows).to(_device));
        Tensor? wb = _w?.index_select(0, rows).to(_device);

        for (int d = 0; d < _masks.Length; d++)
        {
            // The engine's masks: one generator per epoch, each dropout layer in order, m * width draws; a layer that
            // drops nothing draws nothing there (nor is a mask used), so the later layers' masks stay the engine's.
            float rate = Model.DropoutRate(d);
            if (rate == 0f)
            {
                continue;
            }

            int count = m * Model.DropoutWidth(d);
            dropout.FillDropoutMask(_masks[d].AsSpan(0, count), rate, 1f / (1f - rate));
            _batchMasks[d] = frombuffer(_masks[d], ScalarType.Float32, count).view(m, count / m).to(_device);
        }

        Tensor output = Model.Forward(xb, training: true, _batchMasks);
        Tensor cost = _torchLoss.Compute(output, yb, wb);
        if (_options.L2Regularization > 0f)
        {
            cost = cost + L2Penalty(m);
        }

        Tensor metric = _torchLoss.MetricSum(output, yb);
        double[] read = ReadDoubles(stack([cost.detach().to(ScalarType.Float64), metric.to(ScalarType.Float64)]));
        double costValue = read[0];
        if (TrainingDivergedException.LossDiverged(costValue, ref _firstLoss, out double? exploded))
        {
            Diverged(epoch, batch, costValue, lr, "loss", exploded);
        }

        cost.backward();
        if (_options.GradientClipNorm is float clip)
        {
            double norm = GradientNorm();
            if (!double.IsFinite(norm))
            {
                Diverged(epoch, batch, norm, lr, "gradient norm");
            }

            if (norm > clip)
            {
                // PyTorch's clip_grad_norm_ factor, as the engine applies it.
                float factor = (float)(clip / (norm + 1e-6));
                using var noGrad = no_grad();
                foreach (Tensor p in Model.Parameters)
                {
                    p.grad!.mul_(factor);
                }
            }
        }

        Optimizer.Step((float)lr);
        return (costValue, read[1]);
    }

    /// <summary>The course's L2: lambda / (2m) * sum W^2 over the weight matrices only.</summary>
    private Tensor L2Penalty(int m)
    {
        Tensor sum = zeros([], ScalarType.Float32, _device);
        for (int p = 0; p < Model.Parameters.Count; p++)
        {
            if (Model.Regularized[p])
            {
                sum = sum + Model.Parameters[p].square().sum();
            }
        }

        return sum * (_options.L2Regularization / (2.0f * m));
    }

    /// <summary>
    /// The global L2 norm of the gradients, squares in float32 summed in float64 as the engine sums them
    /// (<c>Regularization.GradientNorm</c>): a float32 total overflows to infinity for large but finite gradients that
    /// clipping is there to tame (about 1e17 over 40,000 weights), and the run would be reported as diverged.
    /// </summary>
    private double GradientNorm()
    {
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        Tensor sum = zeros([], ScalarType.Float64, Model.Device);
        foreach (Tensor p in Model.Parameters)
        {
            sum = sum + p.grad!.square().sum(ScalarType.Float64);
        }

        return Math.Sqrt(sum.item<double>());
    }

    private static double[] ReadDoubles(Tensor t)
    {
        Tensor cpu = t.cpu().contiguous();
        return MemoryMarshal.Cast<byte, double>(cpu.bytes).ToArray();
    }
}
