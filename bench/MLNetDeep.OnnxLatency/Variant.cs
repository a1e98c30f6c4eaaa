namespace MLNetDeep.OnnxLatency;

using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MLNetDeep.Onnx;

/// <summary>One exported model in one session, run on one pre-bound row with a pre-allocated output.</summary>
internal sealed class Variant : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly RunOptions _run = new();

    public Variant(string name, byte[] model, GraphOptimizationLevel level, float[] row, int outputs)
    {
        Name = name;
        Nodes = OnnxModelReader.Read(model).Nodes.Count;
        _options = new SessionOptions { GraphOptimizationLevel = level, IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, _options);
        _input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        _output = OrtValue.CreateTensorValueFromMemory(new float[outputs], [1, outputs]);
    }

    public string Name { get; }

    public int Nodes { get; }

    /// <summary>Microseconds of each of <paramref name="runs"/> runs.</summary>
    public double[] Time(int runs)
    {
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _session.Run(_run, ["Features"], [_input], ["Score"], [_output]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return times;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
        _input.Dispose();
        _output.Dispose();
        _run.Dispose();
    }
}
