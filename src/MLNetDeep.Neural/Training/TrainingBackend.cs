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

    /// <summary>
    /// How the backend is written in options and on the command line, read back by <see cref="Parse"/>: <c>managed</c>,
    /// <c>torchsharp:cpu</c>, <c>torchsharp:cuda:0</c>. Default <see cref="Name"/>.
    /// </summary>
    public virtual string Specification => Name;

    /// <summary>
    /// The backend a specification names: <c>managed</c>, or <c>torchsharp[:DEVICE]</c> (DEVICE <c>cpu</c>, <c>cuda</c> or
    /// <c>cuda:N</c>; default cpu), which needs the MLNetDeep.TorchSharp assembly and is loaded by name, so programs
    /// that never ask for it do not carry libtorch.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown backend, or one whose package is not there; the message says which and what to do.</exception>
    public static TrainingBackend Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        string text = specification.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string? argument = colon < 0 ? null : text[(colon + 1)..];
        switch (name)
        {
            case "managed" when argument is null:
                return Managed;
            case "torchsharp":
                return LoadExternal("MLNetDeep.TorchSharp", "MLNetDeep.TorchSharp.TorchSharpBackend", argument ?? "cpu", specification);
            default:
                throw new ArgumentException($"Unknown training backend '{specification}'; known: managed, torchsharp[:cpu|cuda|cuda:N].", nameof(specification));
        }
    }

    private static TrainingBackend LoadExternal(string assembly, string type, string argument, string specification)
    {
        Type? backend;
        try
        {
            backend = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(assembly)).GetType(type, throwOnError: true);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new ArgumentException($"The training backend '{specification}' needs the {assembly} package, which is not part of this program: reference it (PackageReference {assembly}); the packed mlnetdeep tool leaves libtorch out, so run the command from the repository (docs/torchsharp.md).", nameof(specification), e);
        }

        try
        {
            return (TrainingBackend)Activator.CreateInstance(backend!, argument)!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw new ArgumentException($"Training backend '{specification}': {inner.Message}", nameof(specification), inner);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Specification;
}
