namespace MLNetDeep.TorchSharp;

using System.Globalization;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using MLNetDeep.TorchSharp.Native;
using MLNetDeep.TorchSharp.Training;
using global::TorchSharp;

/// <summary>
/// Trains MLNetDeep networks with libtorch through TorchSharp, on the CPU or a CUDA device, with the engine's
/// conventions for every knob (DESIGN.md): the managed network's initialized weights are copied in, the engine's
/// seeded shuffles and dropout masks are used, L2, batch norm, the optimizers (the course's momentum, not libtorch's),
/// weight decay, schedules, clipping, early stopping, divergence, cancellation and checkpoints behave as in
/// <see cref="NetworkTrainer"/>, and the trained parameters and batch-norm statistics end in the managed network.
/// </summary>
/// <remarks>
/// Pick it for a GPU (with a CUDA TorchSharp package) or to cross-check the managed engine; on a CPU the managed
/// backend (<see cref="TrainingBackend.Managed"/>, the default) is faster and lighter (docs/torchsharp.md).
/// Results match the managed backend within float32 rounding, not bit for bit; libtorch's CPU kernels give the same
/// bits for the same seed, data, options and thread count.
/// </remarks>
public sealed class TorchSharpBackend : TrainingBackend
{
    /// <summary>Creates the backend for a device.</summary>
    /// <param name="device"><c>cpu</c> (default), <c>cuda</c> (the first GPU) or <c>cuda:N</c>.</param>
    /// <exception cref="ArgumentException">Not one of those forms; the message names <c>Device</c> and the value.</exception>
    public TorchSharpBackend(string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(device);
        string d = device.Trim().ToLowerInvariant();
        bool ok = d is "cpu" or "cuda" || (d.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(d.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index >= 0);
        if (!ok)
        {
            throw new ArgumentException($"Device is '{device}'; it must be cpu, cuda or cuda:N (N = 0, 1, ...).", nameof(device));
        }

        Device = d;
    }

    /// <summary>The libtorch device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. Default <c>cpu</c>.</summary>
    public string Device { get; }

    /// <inheritdoc/>
    public override string Name => "torchsharp";

    /// <summary>How the backend is written in options: <c>torchsharp:DEVICE</c>, e.g. <c>torchsharp:cpu</c>.</summary>
    public override string Specification => $"torchsharp:{Device}";

    /// <summary>
    /// Loads libtorch and TorchSharp's native library once per process (on a Linux whose libstdc++ lacks
    /// <c>GLIBCXX_3.4.32</c>, a patched copy in a private cache folder; docs/torchsharp.md) and says which file was loaded.
    /// </summary>
    /// <returns>A sentence naming the native library loaded.</returns>
    /// <exception cref="LibTorchUnavailableException">This system cannot load it; the message names the missing library version and what to do.</exception>
    public static string EnsureAvailable() => LibTorchNative.EnsureLoaded();

    /// <inheritdoc/>
    /// <exception cref="LibTorchUnavailableException">libtorch cannot be loaded on this system.</exception>
    /// <exception cref="NotSupportedException">A layer or loss the backend does not run, or a CUDA device on a machine or package without CUDA.</exception>
    public override INetworkTrainer CreateTrainer(Network network, Loss loss, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EnsureAvailable();
        if (Device != "cpu" && !torch.cuda.is_available())
        {
            throw new NotSupportedException(
                $"Device '{Device}' was asked for, but CUDA is not available: this machine has no CUDA GPU or driver, or the application references TorchSharp-cpu rather than a CUDA TorchSharp package (docs/torchsharp.md, \"CUDA\"). Use Device = \"cpu\".");
        }

        if (Device.StartsWith("cuda:", StringComparison.Ordinal) && int.Parse(Device.AsSpan(5), CultureInfo.InvariantCulture) >= torch.cuda.device_count())
        {
            throw new NotSupportedException($"Device '{Device}' was asked for, but this machine has {torch.cuda.device_count()} CUDA device(s).");
        }

        return new TorchSharpTrainer(network, loss, options, torch.device(Device));
    }
}
