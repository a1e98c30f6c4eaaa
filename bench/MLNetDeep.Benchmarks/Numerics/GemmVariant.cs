using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>A backend and a thread count to benchmark.</summary>
public sealed record GemmVariant(GemmBackend Backend, int Threads)
{
    /// <summary>Managed 1 and 2 threads, and OpenBLAS 1 and 2 threads when it loads.</summary>
    public static IEnumerable<GemmVariant> Available()
    {
        yield return new(GemmBackend.Managed, 1);
        yield return new(GemmBackend.Managed, 2);
        if (Gemm.IsOpenBlasAvailable)
        {
            yield return new(GemmBackend.OpenBlas, 1);
            yield return new(GemmBackend.OpenBlas, 2);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Backend} {Threads}T";
}
