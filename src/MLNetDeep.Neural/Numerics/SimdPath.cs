using System.Numerics;
using System.Runtime.Intrinsics;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Which vector width the hand-written element-wise kernels (batch norm, dropout masks, activations, the optimizers'
/// update rules, the loss) run at. Chosen once per process (<see cref="Simd.Best"/>); tests force each path.
/// </summary>
/// <remarks>
/// Every path performs the same float operations in the same order on each element (no fused multiply-add where the
/// scalar form has none), so the paths give the same bits; the tests compare each with the kernel's plain twin on odd
/// lengths.
/// </remarks>
internal enum SimdPath
{
    /// <summary>Plain scalar loops (the plain twins' arithmetic).</summary>
    Scalar = 0,

    /// <summary><see cref="Vector{T}"/> loops: 256-bit on x64 with AVX2 (128-bit on Arm64), then a scalar tail.</summary>
    Vector256 = 1,

    /// <summary><see cref="Vector512{T}"/> loops where <c>Vector512.IsHardwareAccelerated</c>, then the Vector256 path for the rest.</summary>
    Vector512 = 2,
}

/// <summary>The process's <see cref="SimdPath"/>.</summary>
internal static class Simd
{
    /// <summary>
    /// Vector512 when <c>Vector512.IsHardwareAccelerated</c> (AVX-512F/BW/CD/DQ/VL on a CPU that runs 512-bit code at
    /// full speed; <c>DOTNET_EnableAVX512=0</c>, or <c>DOTNET_EnableAVX512F=0</c> before .NET 10, turns it off), else
    /// Vector256 when <see cref="Vector"/> is hardware accelerated, else scalar.
    /// </summary>
    public static SimdPath Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>Whether <paramref name="path"/> runs accelerated in this process.</summary>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector.IsHardwareAccelerated,
        _ => true,
    };
}
