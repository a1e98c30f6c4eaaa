namespace MLNetDeep.Neural.Training;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;

/// <summary>
/// The engine that trains a network: the plug-in point between the trainers and the arithmetic. <see cref="Managed"/>
/// (the default) is this library's own float32 engine, <see cref="NetworkTrainer"/>; the MLNetDeep.TorchSharp package
/// adds libtorch (<c>TorchSharpBackend</c>).
/// </summary>
/// <remarks>
/// A backend creates an <see cref="INetworkTrainer"/> for a built, initialized network; the trainer starts from the
/// network's own weights (so the same seed gives the same start on every backend) and leaves the trained weights in
/// it. Backends are stateless and may be shared between trainers and threads.
/// </remarks>
public abstract class TrainingBackend
{
    /// <summary>For derived backends.</summary>
    protected TrainingBackend()
    {
    }

    /// <summary>The managed engine (<see cref="NetworkTrainer"/>): no native dependency, the default.</summary>
    public static TrainingBackend Managed { get; } = new ManagedTrainingBackend();

    /// <summary>A short name for options, reports and the command line: <c>managed</c>, <c>torchsharp</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Creates a trainer for <paramref name="network"/>; the options are validated here.</summary>
    /// <param name="network">A built network whose weights are already initialized (<see cref="Network.Initialize"/>); they change in place.</param>
    /// <param name="loss">The loss on the network's raw outputs.</param>
    /// <param name="options">How to train.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its value.</exception>
    /// <exception cref="NotSupportedException">The backend cannot honour a layer or an option; the message names it.</exception>
    public abstract INetworkTrainer CreateTrainer(Network network, Loss loss, TrainingOptions options);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
