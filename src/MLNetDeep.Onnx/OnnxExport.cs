namespace MLNetDeep.Onnx;

using Google.Protobuf;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Onnx.Graph;

/// <summary>
/// Writes a trained <see cref="Network"/> as an ONNX model (IR version 8, opsets ai.onnx 17 and ai.onnx.ml 2) that
/// ONNX Runtime, ML.NET's OnnxTransformer and onnx.checker accept. docs/onnx.md describes the graph.
/// </summary>
/// <remarks>
/// Layers map as follows: Dense to Gemm (W <c>[in, out]</c> as an initializer, default attributes, the bias as a
/// third input when there is one); BatchNorm folded into the preceding Gemm or, with
/// <see cref="OnnxExportOptions.FoldBatchNorm"/> false, a BatchNormalization node; ReLU, LeakyReLU (alpha = slope),
/// Tanh, Sigmoid and Softmax (axis 1) to nodes of those types; Identity and Dropout to nothing (inference is the
/// identity). Any other layer type throws <see cref="NotSupportedException"/>. The same network and options always
/// give the same bytes: nothing depends on time, culture or hash order.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX ModelProto bytes of <paramref name="network"/> in inference mode.</summary>
    /// <param name="network">A built network; its parameters and batch-norm statistics are read, not changed.</param>
    /// <param name="options">The input name, head, slot names, metadata and training record. Default null: <c>new OnnxExportOptions()</c> (raw outputs).</param>
    /// <exception cref="ArgumentException">An option does not fit the network (the message names the option and the value).</exception>
    /// <exception cref="NotSupportedException">The network holds a layer type with no ONNX mapping.</exception>
    public static byte[] ToOnnx(Network network, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return NetworkGraphBuilder.Build(network, options ?? new OnnxExportOptions()).ToByteArray();
    }

    /// <summary>Writes <see cref="ToOnnx"/>'s bytes to <paramref name="destination"/>.</summary>
    /// <param name="network">A built network.</param>
    /// <param name="destination">A writable stream; left open.</param>
    /// <param name="options">As for <see cref="ToOnnx"/>. Default null: raw outputs.</param>
    public static void WriteTo(Network network, Stream destination, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToOnnx(network, options));
    }
}
