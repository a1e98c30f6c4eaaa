namespace MLNetDeep.Onnx.Graph;

using MLNetDeep.Neural.Layers;

/// <summary>
/// A Dense layer's Gemm not yet written, in double precision so that a following BatchNorm and a regression rescale
/// fold into it with one rounding to float32 at the end. Without folds its weights round back to the engine's bits.
/// </summary>
internal sealed class PendingGemm
{
    private PendingGemm(int layerIndex, int inputs, int outputs, double[] weight, double[]? bias)
    {
        LayerIndex = layerIndex;
        Inputs = inputs;
        Outputs = outputs;
        Weight = weight;
        Bias = bias;
    }

    /// <summary>The Dense layer's index in the network (names the node and its initializers).</summary>
    public int LayerIndex { get; }

    /// <summary>The input width.</summary>
    public int Inputs { get; }

    /// <summary>The output width.</summary>
    public int Outputs { get; }

    /// <summary>W <c>[in, out]</c>, row-major.</summary>
    public double[] Weight { get; }

    /// <summary>b <c>[out]</c>, or null when there is none (a Dense layer without bias, nothing folded).</summary>
    public double[]? Bias { get; private set; }

    /// <summary>The Dense layer's W and b.</summary>
    public static PendingGemm From(Dense dense, int layerIndex)
    {
        float[] w = dense.Weight.Value;
        var weight = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            weight[i] = w[i];
        }

        double[]? bias = null;
        if (dense.Bias is { } b)
        {
            bias = new double[b.Length];
            for (int j = 0; j < bias.Length; j++)
            {
                bias[j] = b.Value[j];
            }
        }

        return new PendingGemm(layerIndex, dense.InputSize, dense.OutputSize, weight, bias);
    }

    /// <summary>
    /// Folds inference-mode batch norm into the Gemm: with <c>s = gamma / sqrt(var + eps)</c> per output column,
    /// <c>W' = W * s</c> and <c>b' = (b - mean) * s + beta</c> (b = 0 without a bias).
    /// </summary>
    public void FoldBatchNorm(BatchNorm batchNorm)
    {
        float[] gamma = batchNorm.Gamma.Value, beta = batchNorm.Beta.Value;
        float[] mean = batchNorm.State[0], variance = batchNorm.State[1];
        double[] bias = Bias ?? new double[Outputs];
        var scale = new double[Outputs];
        for (int j = 0; j < Outputs; j++)
        {
            scale[j] = gamma[j] / Math.Sqrt((double)variance[j] + batchNorm.Epsilon);
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
