namespace MLNetDeep.Neural.Training;

/// <summary>
/// Trains one built, initialized <see cref="Layers.Network"/> with a <see cref="Losses.Loss"/> and
/// <see cref="TrainingOptions"/>, whatever engine does the arithmetic (<see cref="TrainingBackend"/> creates one).
/// </summary>
/// <remarks>
/// <para>Every implementation follows the engine's conventions (DESIGN.md): the same per-epoch shuffle, validation split,
/// schedules, early stopping, divergence detection, cancellation within one mini-batch and checkpoints as
/// <see cref="NetworkTrainer"/>, and raises <see cref="EpochCompleted"/> after every epoch with the same
/// <see cref="EpochRecord"/> measurements.</para>
/// <para>When <see cref="Fit"/> or <see cref="Resume"/> returns or throws, the trained values (parameters and batch-norm
/// running statistics) are in the network's own arrays, so what comes after (ONNX export, scoring) does not depend on
/// the backend.</para>
/// </remarks>
public interface INetworkTrainer
{
    /// <summary>The options in use (validated when the trainer was created).</summary>
    TrainingOptions Options { get; }

    /// <summary>
    /// Raised after every epoch with its measurements, while the network holds that epoch's weights; handlers may set
    /// <see cref="EpochCompletedEventArgs.Stop"/>.
    /// </summary>
    event EventHandler<EpochCompletedEventArgs>? EpochCompleted;

    /// <summary>Trains from the network's current weights.</summary>
    /// <param name="training">The training examples.</param>
    /// <param name="validation">A validation set, or null (default; then <see cref="TrainingOptions.ValidationFraction"/> may split one off).</param>
    /// <param name="cancellationToken">Checked after every mini-batch; cancelling throws <see cref="OperationCanceledException"/> within one batch. Default none.</param>
    /// <returns>The per-epoch history, the best epoch and whether training stopped early.</returns>
    /// <exception cref="TrainingDivergedException">The loss, the gradient norm or the weights became NaN or infinite, or the loss exploded (<see cref="TrainingDivergedException.ExplodedLossFactor"/>); the network keeps the weights it had at the start of that epoch.</exception>
    TrainingResult Fit(ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Continues a run from a checkpoint written by a trainer with the same seed, batch size, optimizer and network
    /// shape, over the same data. <see cref="TrainingOptions.NumberOfEpochs"/> may be larger than the original run's,
    /// not smaller than the epochs it has done; a run that early stopping ended trains no more epochs.
    /// </summary>
    /// <param name="checkpointPath">The checkpoint file.</param>
    /// <param name="training">The training examples (the same as the interrupted run's).</param>
    /// <param name="validation">The validation set, or null (default).</param>
    /// <param name="cancellationToken">As for <see cref="Fit"/>. Default none.</param>
    /// <returns>The history including the epochs from before the checkpoint.</returns>
    /// <exception cref="InvalidDataException">The checkpoint is unreadable, truncated or from a different setup; the message says which.</exception>
    TrainingResult Resume(string checkpointPath, ExampleSet training, ExampleSet? validation = null, CancellationToken cancellationToken = default);
}
