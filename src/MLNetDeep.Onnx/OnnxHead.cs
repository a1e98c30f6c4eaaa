namespace MLNetDeep.Onnx;

/// <summary>What the exported graph outputs on top of the network's raw outputs (docs/onnx.md, "Outputs").</summary>
public enum OnnxHead
{
    /// <summary>
    /// <c>Score</c> = the network's raw outputs <c>float [N, outputs]</c>, nothing added. The default of
    /// <see cref="OnnxExportOptions.Head"/>.
    /// </summary>
    Raw = 0,

    /// <summary>
    /// Binary classification (the network has one output, a logit): <c>Score float [N, 1]</c> = the logit and
    /// <c>Probability float [N, 1]</c> = Sigmoid(logit), as ML.NET's binary trainers output them.
    /// </summary>
    Binary = 1,

    /// <summary>
    /// Multiclass classification (the network has K &gt;= 2 outputs, logits): <c>Score float [N, K]</c> =
    /// Softmax(logits, axis 1), ML.NET's multiclass Score (the probability of each class).
    /// </summary>
    Multiclass = 2,

    /// <summary>
    /// Regression (the network has one output, a standardized target): <c>Score float [N, 1]</c> =
    /// raw * <see cref="OnnxExportOptions.TargetScale"/> + <see cref="OnnxExportOptions.TargetOffset"/>, folded into the
    /// last Gemm's weights and bias.
    /// </summary>
    Regression = 3,
}
