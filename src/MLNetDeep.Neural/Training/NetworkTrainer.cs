namespace MLNetDeep.Neural.Training;

using System.Diagnostics.CodeAnalysis;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Optimizers;

/// <summary>
/// Trains a <see cref="Network"/> with a <see cref="Loss"/>: epochs of mini-batches reshuffled from the seed, optional
/// validation, early stopping, learning-rate schedules, divergence detection, cancellation and checkpoints.
/// </summary>
/// <remarks>
/// <para>Each epoch draws its shuffle and its dropout masks from streams derived from (seed, epoch), so the same seed,
/// data and options give bit-identical weights whatever the thread count, and a run resumed from a checkpoint ends
/// exactly where an uninterrupted one does.</para>
/// <para>Mini-batches: floor(N/B) full batches and, when B does not divide N, one smaller last batch (the course's
/// convention); with batch norm, a last batch of one row joins the batch before it. The training loop allocates nothing
/// per batch.</para>
/// <para>The network's weights are used as they are: initialize them first (<see cref="Network.Initialize"/>).</para>
/// </remarks>
public sealed class NetworkTrainer : INetworkTrainer
{
    private readonly Network _network;
    private readonly Loss _loss;
    private readonly TimeProvider _time;
    private readonly Optimizer _optimizer;

    /// <summary>The run's first mini-batch loss (NaN before it), the reference for an exploded loss.</summary>
    private double _firstLoss = double.NaN;

    /// <summary>Creates a trainer; the options are validated here.</summary>
    /// <param name="network">The network to train (its weights change in place).</param>
    /// <param name="loss">The loss on the network's raw outputs.</param>
    /// <param name="options">How to train.</param>
    /// <param name="timeProvider">The clock for epoch durations. Default <see cref="TimeProvider.System"/>.</param>
    public NetworkTrainer(Network network, Loss loss, TrainingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _loss = loss;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _optimizer = options.Optimizer.Create();
    }

    /// <summary>The options in use.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Raised after every epoch with its measurements; handlers may ask training to stop.</summary>
    public event EventHandler<EpochCompletedEventArgs>? EpochCompleted;

    /// <summary>Trains from the network's current weights.</summary>
    /// <param name="training">The training examples.</param>
    /// <param name="validation">A validation set, or null (then <see cref="TrainingOptions.ValidationFraction"/> may split one off).</param>
    /// <param name="cancellationToken">Checked after every mini-batch; cancelling throws <see cref="OperationCanceledException"/> within one batch.</param>
    /// <exception cref="TrainingDivergedException">The loss or gradient became NaN or infinite, or the loss exploded (<see cref="TrainingDivergedException.ExplodedLossFactor"/>).</exception>
    public TrainingResult Fit(ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default) =>
        Run(training, validation, new TrainingState(_network), cancellationToken);

    /// <summary>
    /// Continues a run from a checkpoint written by a trainer with the same seed, batch size, optimizer and network
    /// shape, over the same data; the result is bit-identical to the run that was never interrupted.
    /// <see cref="TrainingOptions.NumberOfEpochs"/> may be larger than the original run's to train further, not smaller than
    /// the epochs it has done; a run that early stopping ended trains no more epochs.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is unreadable, truncated or from a different setup; the message says which.</exception>
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
        _network.Threads = o.EffectiveThreads;
        _optimizer.Threads = o.EffectiveThreads;
        _network.OverwriteGradients = true; // each backward pass writes the gradients afresh: nothing zeroes them between batches
        try
        {
            return Train(training, validation, state, ct);
        }
        finally
        {
            _network.OverwriteGradients = false;
        }
    }

    private TrainingResult Train(ExampleSet training, ExampleSet? validation, TrainingState state, CancellationToken ct)
    {
        TrainingOptions o = Options;
        var buffers = new BatchBuffers(training, TrainingLoop.Batches.For(_network, training.Count, o.BatchSize), _network.OutputSize);
        _network.Reserve(buffers.Rows);
        float[][] epochStart = _network.CaptureWeights();
        float[]? validationOutput = validation is null ? null : new float[validation.Count * _network.OutputSize];
        bool stoppedEarly = TrainingLoop.StoppedEarly(o, state);
        _firstLoss = double.NaN;
        for (int epoch = state.CompletedEpochs; epoch < o.NumberOfEpochs && !stoppedEarly; epoch++)
        {
            long started = _time.GetTimestamp();
            double lr = o.Schedule.Rate(o.LearningRate, epoch, o.NumberOfEpochs, state.Schedule);
            _network.CaptureWeightsInto(epochStart);
            (double epochLoss, double metricSum, int batches) = TrainEpoch(training, buffers, epoch, lr, epochStart, ct);
            (double? vLoss, double? vMetric) = validation is null ? ((double?)null, (double?)null) : Evaluate(validation, validationOutput!);
            if (!_network.WeightsAreFinite())
            {
                Diverged(epochStart, epoch, batches, double.NaN, lr, "weights");
            }

            var record = new EpochRecord(epoch + 1, epochLoss, metricSum / training.Count, vLoss, vMetric, lr, _time.GetElapsedTime(started).TotalSeconds);
            bool stop = TrainingLoop.EndEpoch(o, state, record,
                captureBest: s => _network.CaptureWeightsInto(s.BestWeights ??= _network.CaptureWeights()),
                raise: RaiseEpochCompleted,
                checkpoint: () => Checkpoint.Save(o.CheckpointPath!, _network, _loss, _optimizer, state, o));
            if (stop)
            {
                stoppedEarly = epoch + 1 < o.NumberOfEpochs;
                break;
            }
        }

        return TrainingLoop.Finish(_network, _loss, o, state, stoppedEarly);
    }

    /// <summary>One pass over the shuffled training rows in mini-batches; returns the training loss (<see cref="TrainingLoop.Weighs"/>), the summed metric and the batch count.</summary>
    private (double Loss, double MetricSum, int Batches) TrainEpoch(ExampleSet training, BatchBuffers buffers, int epoch, double lr, float[][] epochStart, CancellationToken ct)
    {
        TrainingOptions o = Options;
        int n = training.Count, f = training.FeatureCount, t = training.TargetWidth, width = _network.OutputSize;
        TrainingLoop.FillOrder(buffers.Order, o, epoch);
        _network.SetDropoutGenerator(Rng.Derive(o.Seed, RngStreams.Dropout, (ulong)epoch));
        double lossSum = 0;
        double metricSum = 0;
        int batchIndex = 0, counted = 0;
        for (int start = 0, m; start < n; start += m)
        {
            m = buffers.Batches.RowsAt(start);
            batchIndex++;
            Gather(training, buffers.Order.AsSpan(start, m), buffers.X, buffers.Y, buffers.W, o.EffectiveThreads);
            ReadOnlyMemory<float> output = _network.Forward(buffers.X.AsMemory(0, m * f), m, training: true);
            double cost = _loss.Compute(output.Span, buffers.Y.AsSpan(0, m * t), buffers.W.Length == 0 ? default : buffers.W.AsSpan(0, m), m, width, buffers.Gradient, o.EffectiveThreads);
            cost += Regularization.L2(_network.Parameters, o.L2Regularization, m);
            if (TrainingDivergedException.LossDiverged(cost, ref _firstLoss, out double? exploded))
            {
                Diverged(epochStart, epoch, batchIndex, cost, lr, "loss", exploded);
            }

            metricSum += _loss.MetricSum(output.Span, buffers.Y.AsSpan(0, m * t), m, width);
            _network.Backward(buffers.Gradient.AsMemory(0, m * width), m);
            Regularization.AddL2Gradient(_network.Parameters, o.L2Regularization, m);
            if (o.GradientClipNorm is float clip)
            {
                double norm = Regularization.GradientNorm(_network.Parameters);
                if (!double.IsFinite(norm))
                {
                    Diverged(epochStart, epoch, batchIndex, norm, lr, "gradient norm");
                }

                Regularization.ClipGradients(_network.Parameters, norm, clip);
            }

            _optimizer.Step(_network.Parameters, (float)lr);
            if (TrainingLoop.Weighs(training, buffers.Order.AsSpan(start, m)))
            {
                lossSum += cost * m;
                counted += m;
            }

            ct.ThrowIfCancellationRequested();
        }

        return (lossSum / counted, metricSum, batchIndex);
    }

    private bool RaiseEpochCompleted(EpochCompletedEventArgs args)
    {
        EpochCompleted?.Invoke(this, args);
        return args.Stop;
    }

    /// <summary>The mini-batch buffers, sized once for the run (the training loop allocates nothing per batch).</summary>
    private sealed class BatchBuffers(ExampleSet training, TrainingLoop.Batches batches, int outputs)
    {
        public TrainingLoop.Batches Batches { get; } = batches;

        public int Rows { get; } = batches.Largest;

        public float[] X { get; } = new float[batches.Largest * training.FeatureCount];

        public float[] Y { get; } = new float[batches.Largest * training.TargetWidth];

        public float[] W { get; } = training.Weights is null ? [] : new float[batches.Largest];

        public float[] Gradient { get; } = new float[batches.Largest * outputs];

        public int[] Order { get; } = new int[training.Count];
    }

    private (double Loss, double Metric) Evaluate(ExampleSet data, float[] output)
    {
        int width = _network.OutputSize;
        _network.Predict(data.Features, data.Count, output);
        double loss = _loss.Compute(output, data.Targets, data.Weights, data.Count, width, default);
        double metric = _loss.MetricSum(output, data.Targets, data.Count, width) / data.Count;
        return (loss, metric);
    }

    [DoesNotReturn]
    private void Diverged(float[][] epochStart, int epoch, int batch, double value, double lr, string what, double? firstLoss = null)
    {
        _network.RestoreWeights(epochStart);
        throw new TrainingDivergedException(epoch + 1, batch, value, lr, what, firstLoss);
    }

    /// <summary>Copies the mini-batch's rows (features, targets, weights) into the batch buffers; the rows are split
    /// over the threads (the copy is bound by memory latency: rows come from anywhere in the set).</summary>
    internal static unsafe void Gather(ExampleSet data, ReadOnlySpan<int> rows, float[] x, float[] y, float[] w, int threads)
    {
        fixed (float* features = data.Features)
        fixed (float* targets = data.Targets)
        fixed (float* weights = data.Weights)
        fixed (int* order = rows)
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* pw = w)
        {
            var job = new GatherJob
            {
                Features = features, Targets = targets, Weights = w.Length > 0 ? weights : null, Rows = order,
                X = px, Y = py, W = pw, Count = rows.Length, FeatureCount = data.FeatureCount, TargetWidth = data.TargetWidth,
                Parts = Workers.Parts((long)rows.Length * data.FeatureCount, threads, 16_384),
            };
            Workers.Run(&GatherJob.Run, &job, job.Parts, threads);
        }
    }

    private unsafe struct GatherJob
    {
        public float* Features;
        public float* Targets;
        public float* Weights;
        public int* Rows;
        public float* X;
        public float* Y;
        public float* W;
        public int Count;
        public int FeatureCount;
        public int TargetWidth;
        public int Parts;

        public static void Run(void* state, int part)
        {
            ref GatherJob j = ref *(GatherJob*)state;
            (int start, int length) = Workers.Range(j.Count, j.Parts, part, 1);
            int f = j.FeatureCount, t = j.TargetWidth;
            if (length > 0)
            {
                PrefetchRow(j.Features + ((long)j.Rows[start] * f), f);
            }

            for (int i = start; i < start + length; i++)
            {
                long r = j.Rows[i];
                if (i + 1 < start + length)
                {
                    // Rows come from anywhere in the set (memory latency, not bandwidth): ask for the next row's lines
                    // while this one is copied.
                    PrefetchRow(j.Features + ((long)j.Rows[i + 1] * f), f);
                }

                new ReadOnlySpan<float>(j.Features + (r * f), f).CopyTo(new Span<float>(j.X + ((long)i * f), f));
                new ReadOnlySpan<float>(j.Targets + (r * t), t).CopyTo(new Span<float>(j.Y + ((long)i * t), t));
                if (j.Weights is not null)
                {
                    j.W[i] = j.Weights[r];
                }
            }
        }
    }

    /// <summary>A cache prefetch for every 64-byte line of a row of <paramref name="length"/> floats (x86; elsewhere nothing). No effect on results.</summary>
    private static unsafe void PrefetchRow(float* row, int length)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }

        byte* end = (byte*)(row + length);
        for (byte* line = (byte*)((nint)row & ~(nint)63); line < end; line += 64)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(line);
        }
    }

    internal static (ExampleSet Training, ExampleSet Validation) SplitValidation(ExampleSet data, float fraction, long seed)
    {
        int n = data.Count;
        if (n < 2)
        {
            throw new ArgumentException($"ValidationFraction {fraction} needs at least 2 training rows; the data has {n}.");
        }

        int held = TrainingOptions.HeldOutRows(n, fraction);
        int[] order = [.. Enumerable.Range(0, n)];
        Rng.Derive(seed, RngStreams.Split, 0).Shuffle(order);
        return (data.Subset(order.AsSpan(held)), data.Subset(order.AsSpan(0, held)));
    }
}
