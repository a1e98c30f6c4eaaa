using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>
/// <see cref="Gemm"/> on the training shapes (batch 128), per backend and thread count; the GFLOP/s column is
/// 2*m*n*k over the median time.
/// </summary>
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The shape being measured.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.Training[0];

    /// <summary>The backend and thread count being measured.</summary>
    [ParamsSource(nameof(Variants))]
    public GemmVariant Variant { get; set; } = new(GemmBackend.Managed, 1);

    /// <summary>Every training shape.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.Training;

    /// <summary>Every available variant.</summary>
    public static IEnumerable<GemmVariant> Variants => GemmVariant.Available();

    /// <summary>Random operands, and a warm-up call so packing buffers and workers exist.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(42);
        _a = Fill(rng, Shape.M * Shape.K);
        _b = Fill(rng, Shape.K * Shape.N);
        _c = new float[Shape.M * Shape.N];
        Multiply();
    }

    /// <summary>One <c>C = op(A) op(B)</c>.</summary>
    [Benchmark]
    public void Multiply() => Variant.Multiply(Shape, _a, _b, _c);

    internal static float[] Fill(Rng rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (rng.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    private sealed class GemmConfig : ManualConfig
    {
        public GemmConfig()
        {
            AddColumn(new GflopsColumn());
            AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        }
    }
}
