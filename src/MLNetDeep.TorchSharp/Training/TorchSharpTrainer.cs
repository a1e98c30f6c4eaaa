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
    private readonly Optimizer _optimizer; // the optimizer's state between runs, kept as NetworkTrainer keeps its own

    public TorchSharpTrainer(Network network, Loss loss, TrainingOptions options, Device device, TimeProvider? timeProvider = null)
    {
        _network = network;
        _loss = loss;
        _torchLoss = new TorchLoss(loss);
        Options = options;
        _device = device;
        _time = timeProvider ?? TimeProvider.System;
        _optimizer = options.Optimizer.Create();
        int dropouts = 0;
        foreach (Layer layer in network.Layers)
        {
            TorchLayer.From(layer.Describe(), layer.OutputSize, static _ => null!, ref dropouts); // every layer is one the backend runs
        }
    }

    /// <inheritdoc/>
    public TrainingOptions Options { get; }

    /// <inheritdoc/>
    public event EventHandler<EpochCompletedEventArgs>? EpochCompleted;

    /// <inheritdoc/>
    public TrainingResult Fit(ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default) =>
        Run(training, validation, new TrainingState(_network), cancellationToken);

    /// <inheritdoc/>
    public TrainingResult Resume(string checkpointPath, ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        TrainingState state = Checkpoint.Load(checkpointPath, _network, _loss, _optimizer, Options);
        return Run(training, validation, state, cancellationToken);
    }

    private TrainingResult Run(ExampleSet training, ExampleSet? validation, TrainingState state, CancellationToken ct)
    {
        TrainingOptions o = Options;
        state.StartClock(_time);
        (training, validation) = TrainingLoop.Prepare(_network, _loss, o, training, validation);
        CheckLabels(training, "training data");
        if (validation is not null)
        {
            CheckLabels(validation, "validation data");
        }

        using TorchThreads.Scope threads = TorchThreads.Use(o.EffectiveThreads); // process-wide in libtorch; put back when the run ends
        float[]? validationOutput = validation is null ? null : new float[validation.Count * _network.OutputSize];
        bool stoppedEarly = TrainingLoop.StoppedEarly(o, state);
        bool keepNetworkAsIs = false;
        // The optimizer continues from its state: a checkpoint's, or the previous Fit's (as the managed trainer's does).
        using var run = new TorchRun(_network, _torchLoss, _device, o, training, _optimizer);
        try
        {
            for (int epoch = state.CompletedEpochs; epoch < o.NumberOfEpochs && !stoppedEarly; epoch++)
            {
                long started = _time.GetTimestamp();
                double lr = o.Schedule.Rate(o.LearningRate, epoch, o.NumberOfEpochs, state.Schedule);
                (double epochLoss, double metricSum, int batches) = run.TrainEpoch(epoch, lr, ct);
                (double? vLoss, double? vMetric) = Validate(run.Model, validation, validationOutput);
                if (!run.Model.ParametersAreFinite())
                {
                    run.Diverged(epoch, batches, double.NaN, lr, "weights");
                }

                int n = training.Count;
                var record = new EpochRecord(epoch + 1, epochLoss, metricSum / n, vLoss, vMetric, lr, _time.GetElapsedTime(started).TotalSeconds);
                if (EndEpoch(run, state, record))
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
            _optimizer.Restore(run.Optimizer.StepCount, run.Optimizer.Export());
            if (!keepNetworkAsIs)
            {
                run.Model.CopyToNetwork();
            }
        }

        return TrainingLoop.Finish(_network, _loss, o, state, stoppedEarly);
    }

    /// <summary>The validation loss and metric with the engine's loss, from a forward pass in inference mode.</summary>
    private (double? Loss, double? Metric) Validate(TorchNetwork model, ExampleSet? validation, float[]? output)
    {
        if (validation is null)
        {
            return (null, null);
        }

        int width = _network.OutputSize;
        model.Predict(validation.Features, validation.Count, validation.FeatureCount, output!);
        return (_loss.Compute(output, validation.Targets, validation.Weights, validation.Count, width, default),
            _loss.MetricSum(output, validation.Targets, validation.Count, width) / validation.Count);
    }

    /// <summary>Early stopping, the epoch event and the checkpoint, through the engine's shared loop; true to stop.</summary>
    private bool EndEpoch(TorchRun run, TrainingState state, EpochRecord record)
    {
        TrainingOptions o = Options;
        TorchNetwork model = run.Model;
        return TrainingLoop.EndEpoch(o, state, record,
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
                _optimizer.Restore(run.Optimizer.StepCount, run.Optimizer.Export());
                Checkpoint.Save(o.CheckpointPath!, _network, _loss, _optimizer, state, o);
            });
    }

    /// <summary>Label domains, checked once before training by the engine's own loss, with its messages (it names the row).</summary>
    private void CheckLabels(ExampleSet data, string what)
    {
        if (data.Count > 0)
        {
            // Binary labels in [0, 1], class indices 0..C-1.
            _loss.Compute(new float[data.Count * _network.OutputSize], data.Targets, default, data.Count, _network.OutputSize, default);
        }
    }
}
