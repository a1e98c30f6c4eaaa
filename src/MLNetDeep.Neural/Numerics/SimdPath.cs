using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Which vector width the hand-written element-wise kernels (batch norm, dropout masks, activations, the optimizers'
/// update rules, the loss) run at. Chosen once per process (<see cref="Simd.Best"/>); tests force each path.
/// </summary>
/// <remarks>
/// Every path performs the same float operations in the same order on each element (no fused multiply-add where the
/// scalar form has none), so the paths give the same bits: each kernel is one body over <see cref="IFloatLanes{TSelf}"/>
/// that <see cref="Simd.Run"/> runs at each width. The tests compare each path with the kernel's plain twin on odd
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

    /// <summary>
    /// Runs <paramref name="kernel"/> over [0, <paramref name="length"/>) on <paramref name="path"/>: Vector512 blocks
    /// (pairs of them first when <paramref name="pairs512"/>) where the path is Vector512 and they are accelerated, then
    /// <see cref="Vector{T}"/> blocks unless the path is scalar, then one element at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernel>(TKernel kernel, int length, SimdPath path, bool pairs512 = false)
        where TKernel : struct, ISimdKernel
    {
        nint i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            if (pairs512)
            {
                i = kernel.Run<Pair<Lanes512>>(i, length);
            }

            i = kernel.Run<Lanes512>(i, length);
        }

        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
        {
            i = kernel.Run<LanesVector>(i, length);
        }

        kernel.Run<Lane1>(i, length);
    }
}
