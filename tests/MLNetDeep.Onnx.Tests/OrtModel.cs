namespace MLNetDeep.Onnx.Tests;

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>An ONNX Runtime session over a model's bytes (one thread, all graph optimizations), run on float batches <c>[rows, F]</c>.</summary>
internal sealed class OrtModel : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly int _features;

    public OrtModel(byte[] model, string inputName, int features)
    {
        _options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, _options);
        _inputName = inputName;
        _features = features;
    }

    /// <summary>The model's output names, in graph order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Runs <paramref name="rows"/> rows and returns every float output (checked to be <c>[rows, width]</c>) by name.</summary>
    public Dictionary<string, float[]> Run(float[] x, int rows)
    {
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x, [rows, _features]);
        string[] names = [.. _session.OutputNames];
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, [_inputName], [input], names);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            OrtTensorTypeAndShapeInfo info = outputs[i].GetTensorTypeAndShape();
            if (info.ElementDataType == TensorElementType.Float)
            {
                float[] values = outputs[i].GetTensorDataAsSpan<float>().ToArray();
                Assert.HasCount(2, info.Shape, $"{names[i]} is [N, width]");
                Assert.AreEqual(rows, info.Shape[0], $"{names[i]}'s batch dimension");
                result[names[i]] = values;
            }
        }

        return result;
    }

    /// <summary>Runs and returns the int64 output <paramref name="name"/> with its shape.</summary>
    public (long[] Values, long[] Shape) RunInt64(float[] x, int rows, string name)
    {
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x, [rows, _features]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, [_inputName], [input], [name]);
        return (outputs[0].GetTensorDataAsSpan<long>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
