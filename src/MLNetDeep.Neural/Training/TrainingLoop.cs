namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// What every backend's training run shares, so the managed engine and libtorch cannot drift apart: the data checks and
/// the validation split, each epoch's row order, and the end of an epoch (the schedule's observation, the history, the
/// best epoch and early stopping, the event, checkpoints) and of the run (restoring the best weights). A backend keeps
/// only its mini-batch step and its way of reading and writing weights.
/// </summary>
internal static class TrainingLoop
{
    /// <summary>
    /// Checks the data against the network and the loss (shapes, finite values) and, without a validation set, holds out
    /// <see cref="TrainingOptions.ValidationFraction"/> of the training rows; then weighs the training rows (only) by
    /// <see cref="TrainingOptions.ClassWeights"/>.
    /// </summary>
    public static (ExampleSet Training, ExampleSet? Validation) Prepare(Network network, Loss loss, TrainingOptions o, ExampleSet training, ExampleSet? validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        Check(network, loss, training, "training data");
        if (validation is null && o.ValidationFraction > 0f)
        {
            (training, validation) = NetworkTrainer.SplitValidation(training, o.ValidationFraction, o.Seed);
        }
        else if (validation is not null)
        {
            Check(network, loss, validation, "validation data");
            if (validation.Count == 0)
            {
                // Refused here, before training: after an epoch the loss would fail on zero rows with a message about shapes.
                throw new ArgumentException("The validation data has no rows; give null to train without validation data.", nameof(validation));
            }
        }

        if (training.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(training));
        }

        PrepareCheckpointFolder(o.CheckpointPath);
        if (validation is not null)
        {
            RequireWeight(validation, null, "validation data");
        }

        return (RequireWeight(o.ClassWeights is { } classWeights ? ClassWeighted(training, classWeights, loss, network.OutputSize) : training, o.ClassWeights, "training data"), validation);
    }

    /// <summary>
    /// <paramref name="data"/>, refused when its rows all weigh 0 (every batch's loss would be 0: nothing to learn or
    /// measure), naming the class weights when the classes present all weigh 0, else the example weights.
    /// </summary>
    internal static ExampleSet RequireWeight(ExampleSet data, IReadOnlyList<float>? classWeights, string what)
    {
        if (data.Weights is not { } w || w.Any(x => x > 0f))
        {
            return data;
        }

        int[] present = classWeights is null ? [] : [.. data.Targets.Select(t => (int)t).Distinct().Order()];
        throw present.Length > 0 && present.All(c => classWeights![c] == 0f)
            ? new ArgumentException($"ClassWeights is {string.Join(",", classWeights!)}: the classes of the {what} ({string.Join(", ", present)}) all weigh 0, so every row does; give one of them a positive weight.", nameof(TrainingOptions.ClassWeights))
            : new ArgumentException($"Every row of the {what} weighs 0 (its example weight{(classWeights is null ? "" : " times its class's weight")}); at least one row must weigh more than 0.");
    }

    /// <summary>
    /// Whether a mini-batch of <paramref name="rows"/> weighs anything. One whose rows all weigh 0 has loss 0 and no data
    /// gradient (its step still applies L2); the epoch's training loss leaves it out, averaging the other batches by rows.
    /// </summary>
    public static bool Weighs(ExampleSet training, ReadOnlySpan<int> rows)
    {
        if (training.Weights is not { } w)
        {
            return true;
        }

        foreach (int r in rows)
        {
            if (w[r] > 0f)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="training"/> with each row's weight (1 without example weights) times its class's weight: the same
    /// features and targets, a new weight array.
    /// </summary>
    internal static ExampleSet ClassWeighted(ExampleSet training, IReadOnlyList<float> classWeights, Loss loss, int outputs)
    {
        int classes = loss switch
        {
            BinaryCrossEntropy => 2,
            SoftmaxCrossEntropy => outputs,
            _ => throw new ArgumentException($"ClassWeights applies to the classification losses; {loss.Name} has no classes.", nameof(TrainingOptions.ClassWeights)),
        };
        if (classWeights.Count != classes)
        {
            throw new ArgumentException($"ClassWeights has {classWeights.Count} weights; {loss.Name} with {outputs} output(s) has {classes} classes.", nameof(TrainingOptions.ClassWeights));
        }

        var weights = new float[training.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            float target = training.Targets[i];
            int c = (int)target;
            if (c != target || c < 0 || c >= classes)
            {
                throw new ArgumentException($"The training data's target at row {i} is {target}; ClassWeights needs a class index from 0 to {classes - 1}.", nameof(training));
            }

            weights[i] = (training.Weights?[i] ?? 1f) * classWeights[c];
        }

        return new ExampleSet(training.Features, training.FeatureCount, training.Targets, training.TargetWidth, weights);
    }

    /// <summary>
    /// Creates the checkpoint file's folder before the first epoch, so that a path that cannot hold checkpoints (a file
    /// where the folder should be, no permission) fails before any training rather than after the first epoch.
    /// </summary>
    private static void PrepareCheckpointFolder(string? checkpointPath)
    {
        if (checkpointPath is null)
        {
            return;
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath));
        if (folder is null)
        {
            return;
        }

        if (File.Exists(folder))
        {
            throw new IOException($"Cannot write checkpoints to '{folder}': it is a file, not a folder.");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the checkpoint folder '{folder}': {e.Message}", e);
        }
    }

    /// <summary>The epoch's row order: 0..n-1, shuffled from the seed's stream of that epoch unless shuffling is off.</summary>
    public static void FillOrder(Span<int> order, TrainingOptions o, int epoch)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (o.Shuffle)
        {
            Rng.Derive(o.Seed, RngStreams.Shuffle, (ulong)epoch).Shuffle(order);
        }
    }

    /// <summary>
    /// An epoch's mini-batches over <paramref name="Rows"/> rows: batches of <paramref name="Size"/> and a smaller last
    /// one, except that with <paramref name="JoinSingleRow"/> (the network has batch norm) a last batch of one row joins
    /// the batch before it: batch norm in training mode normalizes a single row to zeros, so it would teach nothing and
    /// pull the running variance toward 0. Every row is still seen once an epoch.
    /// </summary>
    public readonly record struct Batches(int Rows, int Size, bool JoinSingleRow)
    {
        /// <summary>The batches of <paramref name="rows"/> rows at <paramref name="batchSize"/> for <paramref name="network"/>.</summary>
        public static Batches For(Network network, int rows, int batchSize) =>
            new(rows, Math.Min(batchSize, rows), batchSize > 1 && network.Layers.Any(l => l is BatchNorm));

        /// <summary>The largest batch, for sizing buffers up front.</summary>
        public int Largest => Size + (JoinSingleRow && Rows > Size && Rows % Size == 1 ? 1 : 0);

        /// <summary>The rows of the batch that starts at position <paramref name="start"/> of the epoch's order.</summary>
        public int RowsAt(int start)
        {
            int m = Math.Min(Size, Rows - start);
            return JoinSingleRow && Rows - start - m == 1 ? m + 1 : m;
        }
    }

    /// <summary>
    /// Whether early stopping had already ended the run whose state this is (a checkpoint of a run that stopped early):
    /// its patience ran out before the last epoch, so resuming it trains no more epochs.
    /// </summary>
    public static bool StoppedEarly(TrainingOptions o, TrainingState state) =>
        o.EarlyStopping is { } es && state.Wait >= es.Patience && state.CompletedEpochs < o.NumberOfEpochs;

    /// <summary>
    /// Ends an epoch: lets the schedule observe the monitored loss (validation, else training), records the epoch, keeps
    /// the best epoch (and, with restore-best, its weights through <paramref name="captureBest"/>), counts early
    /// stopping's patience, raises the event through <paramref name="raise"/> (which returns whether a handler asked to
    /// stop) and saves a checkpoint through <paramref name="checkpoint"/> when one is due. Returns whether to stop.
    /// </summary>
    public static bool EndEpoch(TrainingOptions o, TrainingState state, EpochRecord record, Action<TrainingState> captureBest,
        Func<EpochCompletedEventArgs, bool> raise, Action checkpoint)
    {
        record = record with { TrainingSeconds = state.Seconds };
        double monitored = record.ValidationLoss ?? record.Loss;
        o.Schedule.Observe(monitored, state.Schedule);
        state.History.Add(record);
        state.CompletedEpochs = record.Epoch;

        bool stop = false;
        double minDelta = o.EarlyStopping?.MinimumDelta ?? 0;
        if (monitored < state.BestLoss - minDelta || state.BestEpoch == 0)
        {
            state.BestLoss = monitored;
            state.BestEpoch = record.Epoch;
            state.Wait = 0;
            if (o.EarlyStopping is { RestoreBestWeights: true })
            {
                captureBest(state);
            }
        }
        else if (o.EarlyStopping is { } es && ++state.Wait >= es.Patience)
        {
            stop = true;
        }

        stop |= raise(new EpochCompletedEventArgs(record, o.NumberOfEpochs));
        bool last = stop || record.Epoch == o.NumberOfEpochs;
        if (o.CheckpointPath is not null && (last || record.Epoch % o.CheckpointInterval == 0))
        {
            checkpoint();
        }

        return stop;
    }

    /// <summary>Ends the run: the best epoch's weights back in the network when early stopping restores them; the result.</summary>
    public static TrainingResult Finish(Network network, Loss loss, TrainingOptions o, TrainingState state, bool stoppedEarly)
    {
        if (o.EarlyStopping is { RestoreBestWeights: true } && state.BestWeights is not null)
        {
            network.RestoreWeights(state.BestWeights);
        }

        return new TrainingResult(state.History.ToArray(), state.BestEpoch, stoppedEarly, loss.MetricName);
    }

    private static void Check(Network network, Loss loss, ExampleSet data, string what)
    {
        if (data.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"The {what} has {data.FeatureCount} features per row; the network takes {network.InputSize}.");
        }

        int expected = loss.TargetWidth(network.OutputSize);
        if (data.TargetWidth != expected)
        {
            throw new ArgumentException($"The {what} has {data.TargetWidth} target value(s) per row; {loss.Name} with {network.OutputSize} output(s) needs {expected}.");
        }

        data.EnsureFinite(what);
    }
}
