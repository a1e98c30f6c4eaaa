using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Machine;

/// <summary>
/// <c>--machine</c>: the CPU and what this process makes of it, printed next to every set of numbers (issue 15): the
/// CPU model and its vector instruction sets (from /proc/cpuinfo), the runtime, which SIMD path .NET accelerates, and
/// the GEMM backend Auto chose with its reason (<see cref="Gemm.Description"/>).
/// </summary>
internal static class MachineReport
{
    private static readonly string[] VectorFlags =
        ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile"];

    public static void Print(TextWriter output)
    {
        (string model, string[] flags) = CpuInfo();
        output.WriteLine($"cpu: {model}, {Environment.ProcessorCount} logical cores visible");
        output.WriteLine($"cpu vector flags: {string.Join(' ', VectorFlags.Where(flags.Contains))}");
        output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($".NET accelerates: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, "
            + $"Avx512F {Avx512F.IsSupported}, Avx2 {Avx2.IsSupported}, Fma {Fma.IsSupported}; element-wise path {Simd.Best}, GEMM kernel {ManagedGemm.BestKernel}");
        output.WriteLine(Gemm.Description);
        if (OpenBlasGemm.Config is { } config)
        {
            output.WriteLine($"OpenBLAS: {config.Trim()}");
        }

        foreach (string variable in new[] { "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "MLNETDEEP_GEMM", "DOTNET_EnableAVX512F", "DOTNET_EnableAVX512", "DOTNET_PreferredVectorBitWidth" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                output.WriteLine($"environment: {variable}={value}");
            }
        }
    }

    private static (string Model, string[] Flags) CpuInfo()
    {
        try
        {
            string[] lines = File.ReadAllLines("/proc/cpuinfo");
            string model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
            string family = lines.FirstOrDefault(l => l.StartsWith("cpu family", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            string number = lines.FirstOrDefault(l => l.StartsWith("model\t", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            string[] flags = lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            return ($"{model} (family {family}, model {number})", flags);
        }
        catch (IOException)
        {
            return ("unknown (no /proc/cpuinfo)", []);
        }
    }
}
