namespace MLNetDeep.Neural.Numerics;

// Backend selection for Gemm (the other half of this partial class is Gemm.cs).
public static partial class Gemm
{
    // The environment variable that chooses the initial Backend.
    internal const string BackendVariable = "MLNETDEEP_GEMM";

    internal const string OpenBlasMissingMessage =
        "The OpenBLAS GEMM backend was requested but libopenblas.so.0 could not be loaded. "
        + "Install the Debian package libopenblas0-pthread (apt-get install libopenblas0-pthread), "
        + "or use GemmBackend.Auto or GemmBackend.Managed (MLNETDEEP_GEMM=auto|managed).";

    private static readonly Lock s_backendGate = new();
    private static GemmBackend? s_backend;

    /// <summary>
    /// The backend every <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, int)"/>
    /// call uses. Default: read once from the environment variable <c>MLNETDEEP_GEMM</c> (<c>auto</c>, <c>managed</c>
    /// or <c>openblas</c>, case-insensitive; unset or empty means <see cref="GemmBackend.Auto"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Getting: <c>MLNETDEEP_GEMM</c> holds another value. Setting <see cref="GemmBackend.OpenBlas"/>: OpenBLAS cannot
    /// be loaded (install the Debian package libopenblas0-pthread).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Setting a value that is not a <see cref="GemmBackend"/> member.</exception>
    public static GemmBackend Backend
    {
        get
        {
            if (s_backend is { } backend)
            {
                return backend;
            }

            lock (s_backendGate)
            {
                s_backend ??= ParseBackend(Environment.GetEnvironmentVariable(BackendVariable));
                return s_backend.Value;
            }
        }

        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not a GemmBackend: use Auto, Managed or OpenBlas.");
            }

            if (value == GemmBackend.OpenBlas && !IsOpenBlasAvailable)
            {
                throw new InvalidOperationException(OpenBlasMissingMessage);
            }

            lock (s_backendGate)
            {
                s_backend = value;
            }
        }
    }

    /// <summary>Whether OpenBLAS (<c>libopenblas.so.0</c>, Debian package libopenblas0-pthread) can be loaded. Probed once.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasGemm.IsAvailable;

    /// <summary>
    /// The backend <see cref="Backend"/> resolves to: <see cref="GemmBackend.OpenBlas"/> or <see cref="GemmBackend.Managed"/>,
    /// never <see cref="GemmBackend.Auto"/> (Auto is OpenBLAS when it loads, else managed).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <c>MLNETDEEP_GEMM</c> is invalid, or asks for <c>openblas</c> and OpenBLAS cannot be loaded.
    /// </exception>
    public static GemmBackend ActiveBackend => Resolve(Backend);

    internal static GemmBackend Resolve(GemmBackend backend) => Resolve(backend, IsOpenBlasAvailable);

    /// <summary>The backend <paramref name="backend"/> stands for when OpenBLAS is (or is not) loadable.</summary>
    internal static GemmBackend Resolve(GemmBackend backend, bool openBlasAvailable) => backend switch
    {
        GemmBackend.Managed => GemmBackend.Managed,
        GemmBackend.OpenBlas => openBlasAvailable ? GemmBackend.OpenBlas : throw new InvalidOperationException(OpenBlasMissingMessage),
        GemmBackend.Auto => openBlasAvailable ? GemmBackend.OpenBlas : GemmBackend.Managed,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a GemmBackend: use Auto, Managed or OpenBlas."),
    };

    /// <summary>
    /// Parses a value of <c>MLNETDEEP_GEMM</c>: <c>auto</c>, <c>managed</c> or <c>openblas</c>, case-insensitive and
    /// trimmed; null or blank means <see cref="GemmBackend.Auto"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Any other value; the message names the variable and the value.</exception>
    internal static GemmBackend ParseBackend(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return GemmBackend.Auto;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "auto" => GemmBackend.Auto,
            "managed" => GemmBackend.Managed,
            "openblas" => GemmBackend.OpenBlas,
            _ => throw new InvalidOperationException(
                $"The environment variable {BackendVariable} is set to '{value}', which is not a GEMM backend; "
                + "use auto, managed or openblas (case-insensitive), or leave it unset for auto."),
        };
    }
}
