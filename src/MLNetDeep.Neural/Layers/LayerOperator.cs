namespace MLNetDeep.Neural.Layers;

using System.Collections.ObjectModel;

/// <summary>
/// The standard operator that computes a layer at inference: an ONNX operator type of the default domain, the layer's
/// tensors it takes after the data input, and its attributes. It says what the layer computes in a vocabulary every
/// runtime shares; writing it out is the exporter's work.
/// </summary>
public sealed class LayerOperator
{
    /// <summary>Describes an operator.</summary>
    /// <param name="opType">The ONNX operator type, such as <c>Gemm</c> or <c>Relu</c>.</param>
    /// <param name="inputs">The names of the layer's tensors the operator takes after the data input, in its order. Default none.</param>
    /// <param name="floatAttributes">Float attributes, such as LeakyRelu's <c>alpha</c>. Default none.</param>
    /// <param name="intAttributes">Integer attributes, such as Softmax's <c>axis</c>. Default none.</param>
    public LayerOperator(string opType, IReadOnlyList<string>? inputs = null, IReadOnlyDictionary<string, float>? floatAttributes = null, IReadOnlyDictionary<string, long>? intAttributes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        OpType = opType;
        Inputs = inputs?.ToArray() ?? [];
        FloatAttributes = floatAttributes ?? ReadOnlyDictionary<string, float>.Empty;
        IntAttributes = intAttributes ?? ReadOnlyDictionary<string, long>.Empty;
    }

    /// <summary>The identity: the layer passes its input through at inference (dropout, the identity activation).</summary>
    public static LayerOperator Identity { get; } = new("Identity");

    /// <summary>The ONNX operator type.</summary>
    public string OpType { get; }

    /// <summary>The layer's tensors the operator takes after the data input, by name, in the operator's order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The float attributes.</summary>
    public IReadOnlyDictionary<string, float> FloatAttributes { get; }

    /// <summary>The integer attributes.</summary>
    public IReadOnlyDictionary<string, long> IntAttributes { get; }
}
