namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;

/// <summary>
/// How a network is trained. Validated once, when a <see cref="NetworkTrainer"/> is created; a bad value fails with a
/// message naming the option and the value.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The initial learning rate alpha0; positive and finite. Default 0.001 (Adam's usual rate, Keras and PyTorch).</summary>
    public float LearningRate { get; init; } = 0.001f;

    /// <summary>Passes over the training data; at least 1. Default 20.</summary>
    public int NumberOfEpochs { get; init; } = 20;

    /// <summary>Examples per mini-batch; at least 1 (a size of at least N is full-batch gradient descent). Default 128 (a CPU-friendly size; Keras uses 32).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Whether the examples are reshuffled every epoch (from the seed). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The optimizer. Default Adam with beta1 0.9, beta2 0.999, epsilon 1e-8.</summary>
    public OptimizerOptions Optimizer { get; init; } = new();

    /// <summary>The learning-rate schedule. Default <see cref="LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>The course's L2 lambda: cost += lambda/(2m) * sum W^2 (weights only), m = examples in the batch. Non-negative. Default 0.</summary>
    public float L2Regularization { get; init; }

    /// <summary>When set, gradients are rescaled so their global L2 norm is at most this (PyTorch's clip_grad_norm_). Positive. Default null (no clipping).</summary>
    public float? GradientClipNorm { get; init; }

    /// <summary>Fraction of the training data held out for validation when no validation set is given, in [0, 1). Default 0.</summary>
    public float ValidationFraction { get; init; }

    /// <summary>
    /// Per-class multipliers of the training rows' weights, one per class of the loss (0 and 1 for binary cross-entropy,
    /// the class index for softmax cross-entropy): a training row weighs its example weight (1 without) times its class's
    /// weight. Applied after <see cref="ValidationFraction"/> holds rows out, so validation rows, held out or given, are
    /// never class-weighted (Keras's <c>class_weight</c>). Non-negative and finite, not all 0. Default null: every class weighs 1.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Early stopping, or null to always train every epoch. Default null.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>The seed for shuffling, dropout masks and the validation split. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Most threads the matrix products use; at least 1. Default null: the processor count. Results do not depend on it.</summary>
    public int? NumberOfThreads { get; init; }

    /// <summary>A file to write a checkpoint to (atomically: a temporary file, then a rename), or null for none. Default null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Whether resuming refuses a checkpoint of another run: one that started from other weights than the network's when
    /// resuming, or was trained with another learning rate, optimizer settings, schedule, L2, clipping, validation
    /// fraction, early stopping, shuffling or class weights (the ML.NET trainers' runs, which start from the seed's fresh
    /// weights or an initial model's, set it); otherwise the checkpoint replaces whatever weights the network has. Default false.
    /// </summary>
    public bool ResumeOnlySameRun { get; init; }

    /// <summary>Epochs between checkpoints; at least 1. Default 1. The last epoch is always checkpointed when a path is set.</summary>
    public int CheckpointInterval { get; init; } = 1;

    /// <summary>
    /// The rows a validation fraction holds out of <paramref name="rows"/> training rows: round(rows * fraction), at least
    /// 1 and at most rows - 1; 0 when the fraction is 0.
    /// </summary>
    public static int HeldOutRows(int rows, float fraction) =>
        fraction <= 0f || rows < 2 ? 0 : Math.Clamp((int)Math.Round(rows * (double)fraction), 1, rows - 1);

    /// <summary>The thread count in effect.</summary>
    public int EffectiveThreads => NumberOfThreads ?? Environment.ProcessorCount;

    /// <summary>Checks every setting; throws an <see cref="ArgumentException"/> naming the option and the value.</summary>
    public void Validate()
    {
        Setting.Require(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "positive and finite");
        Setting.Require(NumberOfEpochs >= 1, nameof(NumberOfEpochs), NumberOfEpochs, "at least 1");
        Setting.Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Setting.Require(L2Regularization >= 0f && float.IsFinite(L2Regularization), nameof(L2Regularization), L2Regularization, "non-negative and finite");
        Setting.Require(GradientClipNorm is not float clip || (clip > 0f && float.IsFinite(clip)), nameof(GradientClipNorm), GradientClipNorm, "positive and finite");
        Setting.Require(ValidationFraction >= 0f && ValidationFraction < 1f, nameof(ValidationFraction), ValidationFraction, "in [0, 1)");
        Setting.Require(ClassWeights is null || (ClassWeights.All(w => w >= 0f && float.IsFinite(w)) && ClassWeights.Any(w => w > 0f)),
            nameof(ClassWeights), ClassWeights is null ? null : string.Join(",", ClassWeights), "non-negative and finite, not all 0");
        Setting.Require(NumberOfThreads is not < 1, nameof(NumberOfThreads), NumberOfThreads, "at least 1");
        Setting.Require(CheckpointInterval >= 1, nameof(CheckpointInterval), CheckpointInterval, "at least 1");
        if (EarlyStopping is { } es)
        {
            Setting.Require(es.Patience >= 1, "EarlyStopping.Patience", es.Patience, "at least 1", nameof(EarlyStopping));
            Setting.Require(es.MinimumDelta >= 0 && double.IsFinite(es.MinimumDelta), "EarlyStopping.MinimumDelta", es.MinimumDelta, "non-negative and finite", nameof(EarlyStopping));
        }

        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        if (Schedule.Conflict(LearningRate, NumberOfEpochs) is string why)
        {
            throw new ArgumentException($"Schedule is {Schedule.Name}; {why}.", nameof(Schedule));
        }

        Optimizer.Validate();
    }
}
