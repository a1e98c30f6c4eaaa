namespace MLNetDeep.TorchSharp.Training;

using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;
using global::TorchSharp;
using static global::TorchSharp.torch;

/// <summary>
/// Trains a <see cref="Network"/> with libtorch, epoch by epoch exactly as <see cref="NetworkTrainer"/> does: the same
/// seeded shuffle (<c>Rng.Derive(seed, RngStreams.Shuffle, epoch)</c>), the same dropout masks
/// (<c>RngStreams.Dropout</c>), validation split, schedules, L2, clipping, early stopping, divergence detection,
/// cancellation and checkpoints (the engine's format: either backend resumes the other's). The arithmetic runs in
/// float32 on the chosen device; the weights start from the network's and end in it.
/// </summary>
internal sealed class TorchSharpTrainer : INetworkTrainer
{
    private readonly Network _network;
    private readonly Loss _loss;
    private readonly TorchLoss _torchLoss;
    private readonly Device _device;
    private readonly TimeProvider _time;

    public TorchSharpTrainer(Network network, Loss loss, TrainingOptions options, Device device, TimeProvider? timeProvider = null)
    {
        _network = network;
        _loss = loss;
        _torchLoss = new TorchLoss(loss);
        Options = options;
        _device = device;
        _time = timeProvider ?? TimeProvider.System;
        int dropouts = 0;
        foreach (Layer layer in network.Layers)
        {
            TorchLayer.From(layer, static () => null!, static () => null!, ref dropouts); // every layer is one the backend runs
        }
    }

    /// <inheritdoc/>
    public TrainingOptions Options { get; }

    /// <inheritdoc/>
    public event EventHandler<EpochCompletedEventArgs>? EpochCompleted;

    /// <inheritdoc/>
    public TrainingResult Fit(ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default) =>
        Run(training, validation, new TrainingState(), null, cancellationToken);

    /// <inheritdoc/>
    public TrainingResult Resume(string checkpointPath, ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        Optimizer managed = Options.Optimizer.Create();
        TrainingState state = Checkpoint.Load(checkpointPath, _network, managed, Options);
        return Run(training, validation, state, managed, cancellationToken);
    }

    private TrainingResult Run(ExampleSet training, ExampleSet? validation, TrainingState state, Optimizer? resumed, CancellationToken ct)
    {
        TrainingOptions o = Options;
        (training, validation) = TrainingLoop.Prepare(_network, _loss, o, training, validation);
        CheckLabels(training, "training data");
        if (validation is not null)
        {
            CheckLabels(validation, "validation data");
        }

        int n = training.Count;
        torch.set_num_threads(o.EffectiveThreads);
        int f = training.FeatureCount;
        int t = training.TargetWidth;
        int width = _network.OutputSize;
        int b = Math.Min(o.BatchSize, n);
        var order = new int[n];
        var orderLong = new long[n];
        float[][] epochStart = _network.CaptureWeights();
        float[]? validationOutput = validation is null ? null : new float[validation.Count * width];
        bool stoppedEarly = false;
        bool keepNetworkAsIs = false;

        using var model = new TorchNetwork(_network, _device);
        using var optimizer = new TorchOptimizer(o.Optimizer, model.Parameters, model.Regularized);
        if (resumed is not null)
        {
            optimizer.Import(resumed.StepCount, resumed.State);
        }

        var masks = new float[model.DropoutLayers][];
        for (int d = 0; d < masks.Length; d++)
        {
            masks[d] = new float[b * model.DropoutWidth(d)];
        }

        using var data = NewDisposeScope();
        Tensor x = frombuffer(training.Features, ScalarType.Float32).view(n, f);
        Tensor y = frombuffer(training.Targets, ScalarType.Float32).view(n, t);
        Tensor? w = training.Weights is null ? null : frombuffer(training.Weights, ScalarType.Float32);
        Tensor orderTensor = frombuffer(orderLong, ScalarType.Int64);
        var batchMasks = new Tensor[masks.Length];
        try
        {
            for (int epoch = state.CompletedEpochs; epoch < o.NumberOfEpochs; epoch++)
            {
                long started = _time.GetTimestamp();
                double lr = o.Schedule.Rate(o.LearningRate, epoch, o.NumberOfEpochs, state.Schedule);
                TrainingLoop.FillOrder(order, o, epoch);
                for (int i = 0; i < n; i++)
                {
                    orderLong[i] = order[i];
                }

                Rng dropout = Rng.Derive(o.Seed, RngStreams.Dropout, (ulong)epoch);
                model.CopyTo(epochStart);
                double lossSum = 0;
                double metricSum = 0;
                int batchIndex = 0;
                for (int start = 0; start < n; start += b)
                {
                    int m = Math.Min(b, n - start);
                    batchIndex++;
                    using var scope = NewDisposeScope();
                    Tensor rows = orderTensor.narrow(0, start, m);
                    Tensor xb = x.index_select(0, rows).to(_device);
                    Tensor yb = _torchLoss.PrepareTargets(y.index_select(0, rows).to(_device));
                    Tensor? wb = null;
                    if (w is not null)
                    {
                        CheckBatchWeights(training.Weights!, order.AsSpan(start, m));
                        wb = w.index_select(0, rows).to(_device);
                    }

                    for (int d = 0; d < masks.Length; d++)
                    {
                        // The engine's masks: one generator per epoch, each dropout layer in order, m * width draws.
                        int count = m * model.DropoutWidth(d);
                        float rate = model.DropoutRate(d);
                        dropout.FillDropoutMask(masks[d].AsSpan(0, count), rate, 1f / (1f - rate));
                        batchMasks[d] = frombuffer(masks[d], ScalarType.Float32, count).view(m, count / m).to(_device);
                    }

                    Tensor output = model.Forward(xb, training: true, batchMasks);
                    Tensor cost = _torchLoss.Compute(output, yb, wb);
                    if (o.L2Regularization > 0f)
                    {
                        // The course's L2: lambda / (2m) * sum W^2 over weight matrices only.
                        Tensor sum = zeros([], ScalarType.Float32, _device);
                        for (int p = 0; p < model.Parameters.Count; p++)
                        {
                            if (model.Regularized[p])
                            {
                                sum = sum + model.Parameters[p].square().sum();
                            }
                        }

                        cost = cost + (sum * (o.L2Regularization / (2.0f * m)));
                    }

                    Tensor metric = _torchLoss.MetricSum(output, yb);
                    float[] read = ReadFloats(stack([cost.detach(), metric]));
                    double costValue = read[0];
                    if (!double.IsFinite(costValue))
                    {
                        Diverged(model, epochStart, epoch, batchIndex, costValue, lr, "loss");
                    }

                    metricSum += read[1];
                    cost.backward();
                    if (o.GradientClipNorm is float clip)
                    {
                        double norm = GradientNorm(model);
                        if (!double.IsFinite(norm))
                        {
                            Diverged(model, epochStart, epoch, batchIndex, norm, lr, "gradient norm");
                        }

                        if (norm > clip)
                        {
                            // PyTorch's clip_grad_norm_ factor, as the engine applies it.
                            float factor = (float)(clip / (norm + 1e-6));
                            using var noGrad = no_grad();
                            foreach (Tensor p in model.Parameters)
                            {
                                p.grad!.mul_(factor);
                            }
                        }
                    }

                    optimizer.Step((float)lr);
                    lossSum += costValue * m;
                    ct.ThrowIfCancellationRequested();
                }

                double? vLoss = null;
                double? vMetric = null;
                if (validation is not null)
                {
                    model.Predict(validation.Features, validation.Count, f, validationOutput!);
                    vLoss = _loss.Compute(validationOutput, validation.Targets, validation.Weights, validation.Count, width, default);
                    vMetric = _loss.MetricSum(validationOutput, validation.Targets, validation.Count, width) / validation.Count;
                }

                double trainLoss = lossSum / n;
                if (!model.ParametersAreFinite())
                {
                    Diverged(model, epochStart, epoch, batchIndex, double.NaN, lr, "weights");
                }

                var record = new EpochRecord(epoch + 1, trainLoss, metricSum / n, vLoss, vMetric, lr, _time.GetElapsedTime(started).TotalSeconds);
                bool stop = TrainingLoop.EndEpoch(o, state, record,
                    captureBest: s =>
                    {
                        s.BestWeights ??= _network.CaptureWeights();
                        model.CopyTo(s.BestWeights);
                    },
                    raise: args =>
                    {
                        if (EpochCompleted is not { } handler)
                        {
                            return false;
                        }

                        model.CopyToNetwork(); // handlers see the epoch's weights in the network, as with the managed engine
                        handler(this, args);
                        return args.Stop;
                    },
                    checkpoint: () =>
                    {
                        model.CopyToNetwork();
                        Optimizer managed = o.Optimizer.Create();
                        managed.Restore(optimizer.StepCount, optimizer.Export());
                        Checkpoint.Save(o.CheckpointPath!, _network, managed, state, o);
                    });
                if (stop)
                {
                    stoppedEarly = epoch + 1 < o.NumberOfEpochs;
                    break;
                }
            }
        }
        catch (TrainingDivergedException)
        {
            keepNetworkAsIs = true; // it holds the epoch's starting weights
            throw;
        }
        finally
        {
            if (!keepNetworkAsIs)
            {
                model.CopyToNetwork();
            }
        }

        return TrainingLoop.Finish(_network, _loss, o, state, stoppedEarly);
    }

    [DoesNotReturn]
    private void Diverged(TorchNetwork model, float[][] epochStart, int epoch, int batch, double value, double lr, string what)
    {
        model.CopyFrom(epochStart);
        _network.RestoreWeights(epochStart);
        throw new TrainingDivergedException(epoch + 1, batch, value, lr, what);
    }

    private static double GradientNorm(TorchNetwork model)
    {
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        Tensor sum = zeros([], ScalarType.Float32, model.Device);
        foreach (Tensor p in model.Parameters)
        {
            sum = sum + p.grad!.square().sum();
        }

        return Math.Sqrt(sum.item<float>());
    }

    private static float[] ReadFloats(Tensor t)
    {
        Tensor cpu = t.cpu().contiguous();
        return MemoryMarshal.Cast<byte, float>(cpu.bytes).ToArray();
    }

    /// <summary>The engine's loss refuses a batch whose example weights sum to zero; so does this backend, before the batch runs.</summary>
    private void CheckBatchWeights(float[] weights, ReadOnlySpan<int> rows)
    {
        double sum = 0;
        foreach (int r in rows)
        {
            sum += weights[r];
        }

        if (!(sum > 0))
        {
            throw new ArgumentException($"{_loss.Name}: example weights of the batch sum to {sum}; they must be non-negative with a positive sum.");
        }
    }

    /// <summary>Shapes, finiteness and label domains, checked once before training with the engine's own messages.</summary>
    /// <summary>The engine's loss checks every label's domain (binary labels in [0, 1], class indices 0..C-1) and names the row.</summary>
    private void CheckLabels(ExampleSet data, string what)
    {
        if (data.Count > 0)
        {
            // The engine's loss checks every label's domain (binary labels in [0, 1], class indices 0..C-1) and names the row.
            _loss.Compute(new float[data.Count * _network.OutputSize], data.Targets, default, data.Count, _network.OutputSize, default);
        }
    }
}
