namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;

/// <summary>The managed engine as a <see cref="TrainingBackend"/>: creates a <see cref="NetworkTrainer"/>.</summary>
internal sealed class ManagedTrainingBackend : TrainingBackend
{
    /// <inheritdoc/>
    public override string Name => "managed";

    /// <inheritdoc/>
    public override INetworkTrainer CreateTrainer(Network network, Loss loss, TrainingOptions options) =>
        new NetworkTrainer(network, loss, options);
}
