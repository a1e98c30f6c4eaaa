namespace MLNetDeep.Neural.Numerics;

/// <summary>Which micro-kernel <see cref="ManagedGemm"/> runs; tests force each one to check the fallbacks.</summary>
internal enum GemmKernelKind
{
    /// <summary>The best kernel this CPU supports (<see cref="ManagedGemm.BestKernel"/>).</summary>
    Best = 0,

    /// <summary>Vector256 + FMA (x64 AVX2/FMA3): 12 ymm accumulators for a 6x16 tile.</summary>
    Vector256Fma = 1,

    /// <summary>Vector128 multiply-add (fused where FMA3 or Arm64 AdvSimd exist, else multiply then add), one 6x4 strip of the tile at a time.</summary>
    Vector128 = 2,

    /// <summary>Plain scalar multiply then add, for CPUs without SIMD.</summary>
    Scalar = 3,

    /// <summary>
    /// Vector512 + FMA (x64 AVX-512F), chosen when <c>Vector512.IsHardwareAccelerated</c>: 16 zmm accumulators for an
    /// 8x32 tile. Each element of C takes the same fused multiply-adds in the same order as in <see cref="Vector256Fma"/>,
    /// so the two kernels give the same bits.
    /// </summary>
    Vector512Fma = 4,
}
