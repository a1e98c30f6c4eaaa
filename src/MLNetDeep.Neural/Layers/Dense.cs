namespace MLNetDeep.Neural.Layers;

using System.Numerics.Tensors;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// A fully connected layer: <c>y = x W + b</c>, with <c>W [in, out]</c> and <c>b [out]</c>.
/// </summary>
/// <remarks>
/// The weight is stored input-major (<c>[in, out]</c>) so the forward product is a plain row-major GEMM of the batch
/// by W. When the layer feeds a <see cref="BatchNorm"/>, build it with <c>useBias: false</c>: batch norm's beta takes
/// the bias's place (DESIGN.md).
/// </remarks>
public sealed class Dense : Layer
{
    private readonly Initializer _initializer;
    private Parameter? _weight;
    private Parameter? _bias;
    private Parameter[] _parameters = [];
    private float[] _output = [];
    private float[] _inputGradient = [];
    private ReadOnlyMemory<float> _input;

    /// <summary>Creates a Dense layer with <paramref name="units"/> outputs.</summary>
    /// <param name="units">Output width; at least 1.</param>
    /// <param name="initializer">How W is drawn; default <see cref="Initializer.HeNormal"/> (the course's choice for ReLU networks).</param>
    /// <param name="useBias">Whether the layer has a bias b (zero-initialized, not L2-penalized). Default true.</param>
    public Dense(int units, Initializer? initializer = null, bool useBias = true)
    {
        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "A Dense layer needs at least 1 unit.");
        }

        Units = units;
        _initializer = initializer ?? Initializer.HeNormal;
        UseBias = useBias;
    }

    /// <summary>The output width.</summary>
    public int Units { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool UseBias { get; }

    /// <summary>How the weights are initialized.</summary>
    public Initializer Initializer => _initializer;

    /// <inheritdoc/>
    public override string DisplayName => UseBias ? $"Dense({Units})" : $"Dense({Units}, no bias)";

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The weight matrix <c>W [in, out]</c> (after <see cref="Layer.Build"/>).</summary>
    public Parameter Weight => _weight ?? throw new InvalidOperationException($"{DisplayName} is not built.");

    /// <summary>The bias <c>b [out]</c>, or null when <see cref="UseBias"/> is false.</summary>
    public Parameter? Bias => _bias;

    /// <summary>
    /// Kind <c>Dense</c> v1: settings <c>units</c> and <c>use_bias</c> (1 or 0); tensors <c>weight [in, out]</c> and,
    /// with a bias, <c>bias [out]</c>; at inference the ONNX <c>Gemm</c> with its default attributes.
    /// </summary>
    public override LayerSpec Describe() => new()
    {
        Kind = "Dense",
        Version = 1,
        Settings = new Dictionary<string, double> { ["units"] = Units, ["use_bias"] = UseBias ? 1 : 0 },
        Tensors = _bias is null
            ? [new LayerTensor("weight", [InputSize, Units], Weight.Value)]
            : [new LayerTensor("weight", [InputSize, Units], Weight.Value), new LayerTensor("bias", [Units], _bias.Value)],
        Inference = new LayerOperator("Gemm", _bias is null ? ["weight"] : ["weight", "bias"]),
    };

    /// <inheritdoc/>
    protected override int OnBuild(int inputSize)
    {
        _weight = new Parameter("W", inputSize, Units, regularized: true);
        _bias = UseBias ? new Parameter("b", 1, Units, regularized: false) : null;
        _parameters = _bias is null ? [_weight] : [_weight, _bias];
        return Units;
    }

    /// <inheritdoc/>
    public override void ResetParameters(Rng rng)
    {
        _initializer.Fill(Weight.Value, InputSize, Units, rng);
        if (_bias is not null)
        {
            Array.Clear(_bias.Value);
        }
    }

    /// <inheritdoc/>
    protected override void Allocate(int capacity)
    {
        _output = new float[capacity * Units];
        _inputGradient = new float[capacity * InputSize];
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        // x [N,in]  W [in,out]  b [out]  ->  y [N,out] = x W + b
        _input = input;
        Span<float> y = _output.AsSpan(0, batch * Units);
        // Batch-invariant: the managed GEMM gives a row the same bits alone or in a batch (GemmSmallM); OpenBLAS does not promise it.
        GemmBackend backend = BatchInvariant ? GemmBackend.Managed : Gemm.Backend;
        Gemm.Multiply(backend, false, false, batch, Units, InputSize, 1f, input.Span, Weight.Value, 0f, y, Threads);
        if (_bias is not null)
        {
            ReadOnlySpan<float> b = _bias.Value;
            for (int r = 0; r < batch; r++)
            {
                Span<float> row = y.Slice(r * Units, Units);
                TensorPrimitives.Add(row, b, row);
            }
        }

        return _output.AsMemory(0, batch * Units);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient)
    {
        // dy [N,out]  x [N,in]  ->  dW [in,out] += x^T dy   db [out] += sum_rows dy   dx [N,in] = dy W^T
        // (= instead of += when OverwriteGradients: the GEMM's beta 0 then never reads the old gradient)
        ReadOnlySpan<float> dy = outputGradient.Span;
        Gemm.Multiply(true, false, InputSize, Units, batch, 1f, _input.Span, dy, OverwriteGradients ? 0f : 1f, Weight.Gradient, Threads);
        if (_bias is not null)
        {
            Span<float> db = _bias.Gradient;
            int first = 0;
            if (OverwriteGradients)
            {
                dy[..Units].CopyTo(db);
                first = 1;
            }

            for (int r = first; r < batch; r++)
            {
                TensorPrimitives.Add(db, dy.Slice(r * Units, Units), db);
            }
        }

        if (!needInputGradient)
        {
            return ReadOnlyMemory<float>.Empty;
        }

        Span<float> dx = _inputGradient.AsSpan(0, batch * InputSize);
        Gemm.Multiply(false, true, batch, InputSize, Units, 1f, dy, Weight.Value, 0f, dx, Threads);
        return _inputGradient.AsMemory(0, batch * InputSize);
    }
}
