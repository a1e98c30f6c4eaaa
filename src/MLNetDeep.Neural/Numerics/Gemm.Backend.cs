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
    /// never <see cref="GemmBackend.Auto"/> (see <see cref="GemmBackend.Auto"/> for the rule; <see cref="Description"/>
    /// says what it chose here and why).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <c>MLNETDEEP_GEMM</c> is invalid, or asks for <c>openblas</c> and OpenBLAS cannot be loaded.
    /// </exception>
    public static GemmBackend ActiveBackend => Resolve(Backend);

    /// <summary>
    /// The instruction set the managed kernels run on in this process: <c>AVX-512 (Vector512 + FMA)</c> where
    /// <c>Vector512.IsHardwareAccelerated</c>, else <c>AVX2 + FMA (Vector256)</c>, <c>Vector128</c> or <c>scalar</c>.
    /// The GEMM and the element-wise kernels (batch norm, activations, dropout masks, update rules) take the same
    /// path; the AVX-512 and AVX2 paths may differ in the last bits of a trained model (docs/options.md).
    /// </summary>
    public static string ManagedInstructionSet => ManagedGemm.BestKernel switch
    {
        GemmKernelKind.Vector512Fma => "AVX-512 (Vector512 + FMA)",
        GemmKernelKind.Vector256Fma => "AVX2 + FMA (Vector256)",
        GemmKernelKind.Vector128 => "Vector128",
        _ => "scalar",
    };

    /// <summary>
    /// One line saying which GEMM backend runs and why, for logs, <c>mlnetdeep info</c> and benchmarks, e.g.
    /// <c>GEMM: Managed (Auto): managed kernel AVX-512 (Vector512 + FMA), 512-bit; OpenBLAS core Haswell, 256-bit;
    /// Auto takes OpenBLAS only when its kernels are wider.</c>
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>MLNETDEEP_GEMM</c> is invalid.</exception>
    public static string Description
    {
        get
        {
            GemmBackend requested = Backend;
            string openBlas = IsOpenBlasAvailable
                ? $"OpenBLAS core {OpenBlasGemm.CoreName ?? "unknown"}, {OpenBlasGemm.VectorBits}-bit"
                    + (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } core ? $" (OPENBLAS_CORETYPE={core})" : string.Empty)
                : "OpenBLAS absent (libopenblas0-pthread)";
            string choice = requested == GemmBackend.Auto
                ? $"{Resolve(GemmBackend.Auto)} (Auto)"
                : $"{Resolve(requested)} (requested: Gemm.Backend or {BackendVariable})";
            return $"GEMM: {choice}: managed kernel {ManagedInstructionSet}, {ManagedVectorBits}-bit; {openBlas}; "
                + "Auto takes OpenBLAS only when its kernels are wider.";
        }
    }

    /// <summary>The width in bits of the managed GEMM kernel's vectors (512, 256, 128; 32 for the scalar kernel).</summary>
    internal static int ManagedVectorBits => ManagedGemm.BestKernel switch
    {
        GemmKernelKind.Vector512Fma => 512,
        GemmKernelKind.Vector256Fma => 256,
        GemmKernelKind.Vector128 => 128,
        _ => 32,
    };

    internal static GemmBackend Resolve(GemmBackend backend) => Resolve(backend, IsOpenBlasAvailable);

    /// <summary>The backend <paramref name="backend"/> stands for when OpenBLAS is (or is not) loadable.</summary>
    internal static GemmBackend Resolve(GemmBackend backend, bool openBlasAvailable) => backend switch
    {
        GemmBackend.Managed => GemmBackend.Managed,
        GemmBackend.OpenBlas => openBlasAvailable ? GemmBackend.OpenBlas : throw new InvalidOperationException(OpenBlasMissingMessage),
        GemmBackend.Auto => openBlasAvailable ? ChooseAuto(ManagedVectorBits, OpenBlasGemm.VectorBits) : GemmBackend.Managed,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a GemmBackend: use Auto, Managed or OpenBlas."),
    };

    /// <summary>
    /// Auto's rule (<see cref="GemmBackend.Auto"/>): OpenBLAS when its kernels' vectors are wider than the managed
    /// kernel's, else the managed kernel. It depends only on the CPU, the runtime's settings and OpenBLAS's core choice,
    /// never on a timing, so a process makes the same choice every run (and the model, the same bits).
    /// </summary>
    internal static GemmBackend ChooseAuto(int managedBits, int openBlasBits) =>
        openBlasBits > managedBits ? GemmBackend.OpenBlas : GemmBackend.Managed;

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
