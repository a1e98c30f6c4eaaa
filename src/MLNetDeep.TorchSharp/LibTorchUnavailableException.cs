namespace MLNetDeep.TorchSharp;

/// <summary>
/// The TorchSharp backend cannot load libtorch's native libraries on this machine. The message names the library and,
/// when that is the cause, the missing version (for example <c>GLIBCXX_3.4.32</c> from <c>libstdc++.so.6</c>), and
/// says what to do; docs/torchsharp.md explains each case.
/// </summary>
/// <remarks>
/// A <see cref="NotSupportedException"/>: the backend is not supported on this system, as a CUDA device without CUDA is
/// not; callers that report unsupported requests (the command line) show its message as it is.
/// </remarks>
public sealed class LibTorchUnavailableException : NotSupportedException
{
    internal LibTorchUnavailableException(string message, IReadOnlyList<string> missingVersions, Exception? inner = null)
        : base(message, inner)
    {
        MissingVersions = missingVersions;
    }

    /// <summary>The library versions the native files need that this system lacks (empty when that is not the cause).</summary>
    public IReadOnlyList<string> MissingVersions { get; }
}
