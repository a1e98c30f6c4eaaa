namespace MLNetDeep.Neural.Numerics;

/// <summary>Which implementation <see cref="Gemm"/> uses for matrix products.</summary>
public enum GemmBackend
{
    /// <summary>
    /// The default: whichever backend is faster here, by a documented rule rather than a timing (so the choice, and
    /// the model's bits, are the same every run): OpenBLAS when <c>libopenblas.so.0</c> (Debian package
    /// libopenblas0-pthread) loads and its kernels use wider vectors than the managed kernel (an AVX-512 OpenBLAS
    /// core where .NET keeps Vector512 off), otherwise the managed kernel. Measured (bench/README.md): on an AVX-512
    /// CPU the managed 512-bit kernel computes a training epoch's products in 0.37-0.40 s against 0.43-0.47 s through
    /// OpenBLAS with either its AVX-512 or its Haswell kernels (same threads); on an AVX2 CPU the two were within about
    /// 5 % (issue 6).
    /// <see cref="Gemm.Description"/> says what Auto chose and why.
    /// </summary>
    Auto = 0,

    /// <summary>The managed SIMD kernel (Vector512 + FMA where .NET accelerates it, else Vector256 + FMA), always available.</summary>
    Managed = 1,

    /// <summary>
    /// The system's OpenBLAS; selecting it when the library cannot be loaded throws. OpenBLAS does not promise
    /// bit-identical results across thread counts; only <see cref="Managed"/> does.
    /// </summary>
    OpenBlas = 2,
}
