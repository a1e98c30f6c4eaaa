namespace MLNetDeep.Neural.Numerics;

/// <summary>Which implementation <see cref="Gemm"/> uses for matrix products.</summary>
public enum GemmBackend
{
    /// <summary>OpenBLAS when <c>libopenblas.so.0</c> (Debian package libopenblas0-pthread) can be loaded, otherwise managed. The default.</summary>
    Auto = 0,

    /// <summary>The managed SIMD kernel (Vector256 + FMA where the CPU has them), always available.</summary>
    Managed = 1,

    /// <summary>
    /// The system's OpenBLAS; selecting it when the library cannot be loaded throws. OpenBLAS does not promise
    /// bit-identical results across thread counts; only <see cref="Managed"/> does.
    /// </summary>
    OpenBlas = 2,
}
