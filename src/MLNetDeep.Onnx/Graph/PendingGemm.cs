namespace MLNetDeep.Onnx.Graph;

using MLNetDeep.Neural.Layers;

/// <summary>
/// A Dense layer's Gemm not yet written, in double precision so that a following BatchNorm and a regression rescale
/// fold into it with one rounding to float32 at the end. Without folds its weights round back to the engine's bits.
/// </summary>
internal sealed class PendingGemm
{
    private PendingGemm(int layerIndex, string weightName, string biasName, int inputs, int outputs, double[] weight, double[]? bias)
    {
        LayerIndex = layerIndex;
        WeightName = weightName;
        BiasName = biasName;
        Inputs = inputs;
        Outputs = outputs;
        Weight = weight;
        Bias = bias;
    }

    /// <summary>The Dense layer's index in the network (names the node and its initializers).</summary>
    public int LayerIndex { get; }

    /// <summary>The layer's name for W (<c>weight</c> for a Dense layer).</summary>
    public string WeightName { get; }

    /// <summary>The layer's name for b, or <c>bias</c> when it has none and a fold makes one.</summary>
    public string BiasName { get; }

    /// <summary>The input width.</summary>
    public int Inputs { get; }

    /// <summary>The output width.</summary>
    public int Outputs { get; }

    /// <summary>W <c>[in, out]</c>, row-major.</summary>
    public double[] Weight { get; }

    /// <summary>b <c>[out]</c>, or null when there is none (a Dense layer without bias, nothing folded).</summary>
    public double[]? Bias { get; private set; }

    /// <summary>Whether <paramref name="op"/> is a Gemm this class can hold: default attributes, a weight and an optional bias.</summary>
    public static bool CanHold(LayerOperator op) =>
        op.OpType == "Gemm" && op.Inputs.Count is 1 or 2 && op.FloatAttributes.Count == 0 && op.IntAttributes.Count == 0;

    /// <summary>Whether <paramref name="op"/> is a BatchNormalization that folds: scale, bias, mean and var, and epsilon alone.</summary>
    public static bool CanFold(LayerOperator op) =>
        op.OpType == "BatchNormalization" && op.Inputs.Count == 4 && op.IntAttributes.Count == 0
        && op.FloatAttributes.Count == 1 && op.FloatAttributes.ContainsKey("epsilon");

    /// <summary>The Gemm's W <c>[in, out]</c> and b <c>[out]</c>, the layer's tensors that <paramref name="op"/> names (<see cref="CanHold"/>).</summary>
    public static PendingGemm From(LayerSpec layer, LayerOperator op, int layerIndex)
    {
        LayerTensor w = layer.Tensor(op.Inputs[0]);
        if (w.Shape.Count != 2)
        {
            throw new NotSupportedException($"Layer {layerIndex} ({layer}): the Gemm's weight '{w.Name}' is {w.ShapeText}; it must be a matrix [in, out].");
        }

        int inputs = w.Shape[0], outputs = w.Shape[1];
        double[]? bias = null;
        if (op.Inputs.Count == 2)
        {
            LayerTensor b = layer.Tensor(op.Inputs[1]);
            if (b.Values.Length != outputs)
            {
                throw new NotSupportedException($"Layer {layerIndex} ({layer}): the Gemm's bias '{b.Name}' is {b.ShapeText}; it must be [{outputs}].");
            }

            bias = Widen(b.Values);
        }

        return new PendingGemm(layerIndex, w.Name, op.Inputs.Count == 2 ? op.Inputs[1] : "bias", inputs, outputs, Widen(w.Values), bias);
    }

    /// <summary>
    /// Folds inference-mode batch norm into the Gemm: with <c>s = scale / sqrt(var + eps)</c> per output column,
    /// <c>W' = W * s</c> and <c>b' = (b - mean) * s + bias</c> (b = 0 without a bias).
    /// </summary>
    /// <param name="layer">The batch-norm layer.</param>
    /// <param name="op">Its BatchNormalization operator (<see cref="CanFold"/>): scale, bias, mean and var by name.</param>
    public void FoldBatchNorm(LayerSpec layer, LayerOperator op)
    {
        float[] gamma = layer.Tensor(op.Inputs[0]).Values, beta = layer.Tensor(op.Inputs[1]).Values;
        float[] mean = layer.Tensor(op.Inputs[2]).Values, variance = layer.Tensor(op.Inputs[3]).Values;
        double epsilon = op.FloatAttributes["epsilon"];
        double[] bias = Bias ?? new double[Outputs];
        var scale = new double[Outputs];
        for (int j = 0; j < Outputs; j++)
        {
            scale[j] = gamma[j] / Math.Sqrt((double)variance[j] + epsilon);
            bias[j] = ((bias[j] - mean[j]) * scale[j]) + beta[j];
        }

        for (int i = 0; i < Inputs; i++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                Weight[(i * Outputs) + j] *= scale[j];
            }
        }

        Bias = bias;
    }

    /// <summary>Folds <c>y = raw * scale + offset</c>: <c>W' = W * scale</c>, <c>b' = b * scale + offset</c>.</summary>
    public void FoldAffine(double scale, double offset)
    {
        double[] bias = Bias ?? new double[Outputs];
        for (int j = 0; j < Outputs; j++)
        {
            bias[j] = (bias[j] * scale) + offset;
        }

        for (int i = 0; i < Weight.Length; i++)
        {
            Weight[i] *= scale;
        }

        Bias = bias;
    }

    /// <summary>W rounded to float32.</summary>
    public float[] WeightAsSingles() => ToSingles(Weight);

    /// <summary>b rounded to float32 (call only when <see cref="Bias"/> is not null).</summary>
    public float[] BiasAsSingles() => ToSingles(Bias!);

    private static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    private static float[] ToSingles(double[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }
}
