using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>
/// A backend and a thread count to benchmark; for the managed backend optionally a forced micro-kernel
/// (<c>Vector256Fma</c> on an AVX-512 machine, to compare the two paths in one run).
/// </summary>
public sealed record GemmVariant(GemmBackend Backend, int Threads, string? Kernel = null)
{
    /// <summary>
    /// Managed 1 and 2 threads (the best kernel, and the Vector256 one too when the best is Vector512), and OpenBLAS 1
    /// and 2 threads when it loads.
    /// </summary>
    public static IEnumerable<GemmVariant> Available()
    {
        yield return new(GemmBackend.Managed, 1);
        yield return new(GemmBackend.Managed, 2);
        if (ManagedGemm.BestKernel == GemmKernelKind.Vector512Fma)
        {
            yield return new(GemmBackend.Managed, 1, nameof(GemmKernelKind.Vector256Fma));
            yield return new(GemmBackend.Managed, 2, nameof(GemmKernelKind.Vector256Fma));
        }

        if (Gemm.IsOpenBlasAvailable)
        {
            yield return new(GemmBackend.OpenBlas, 1);
            yield return new(GemmBackend.OpenBlas, 2);
        }
    }

    /// <summary><c>C = op(A) op(B)</c> for <paramref name="shape"/> with this variant.</summary>
    public void Multiply(GemmShape shape, float[] a, float[] b, float[] c)
    {
        if (Kernel is null)
        {
            Gemm.Multiply(Backend, shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, 1f, a, b, 0f, c, Threads);
        }
        else
        {
            ManagedGemm.Multiply(shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, 1f, a, b, 0f, c, Threads, Enum.Parse<GemmKernelKind>(Kernel));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Kernel is null
        ? (Backend == GemmBackend.Managed ? $"Managed {ManagedGemm.BestKernel switch { GemmKernelKind.Vector512Fma => "512", GemmKernelKind.Vector256Fma => "256", _ => "" }} {Threads}T".Replace("  ", " ", StringComparison.Ordinal) : $"{Backend} {Threads}T")
        : $"Managed {(Kernel == nameof(GemmKernelKind.Vector256Fma) ? "256" : Kernel)} {Threads}T";
}
