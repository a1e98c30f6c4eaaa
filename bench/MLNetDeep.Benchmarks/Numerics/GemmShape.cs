namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>One GEMM call of a training step: <c>C[m,n] = op(A)[m,k] * op(B)[k,n]</c>.</summary>
public sealed record GemmShape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>The training shapes at batch N = 128 (Dense 784-256-128-10, plus a tiny 2-input layer).</summary>
    public static readonly GemmShape[] Training =
    [
        new("fwd 784>256", false, false, 128, 256, 784),
        new("dW 784x256", true, false, 784, 256, 128),
        new("dX 256>784", false, true, 128, 784, 256),
        new("fwd 256>128", false, false, 128, 128, 256),
        new("fwd 128>10", false, false, 128, 10, 128),
        new("fwd 2>10", false, false, 128, 10, 2),
        new("row 784>256", false, false, 1, 256, 784),
        new("row 256>128", false, false, 1, 128, 256),
        new("row 128>10", false, false, 1, 10, 128),
    ];

    /// <summary>Floating-point operations of one call (a multiply-add counts as two).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{(TransposeA ? 'T' : 'N')}{(TransposeB ? 'T' : 'N')} {M}x{N}x{K}"; // short: BenchmarkDotNet truncates parameters over 20 characters
}
