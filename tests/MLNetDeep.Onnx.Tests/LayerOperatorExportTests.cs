namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// The exporter writes what a layer describes (<see cref="Layer.Describe"/>), not what it knows of layer classes: a
/// layer class of the user's, describing itself as an ONNX operator over its own tensor, exports and runs in ONNX Runtime
/// as the engine computes it.
/// </summary>
[TestClass]
public sealed class LayerOperatorExportTests
{
    [TestMethod]
    public void A_layer_the_exporter_has_never_seen_exports_through_its_description()
    {
        var scale = new ColumnScale([0.5f, -2f, 3f]);
        var network = new Network(4, [new Dense(3), new Relu(), scale, new Dense(2)]);
        network.Initialize(7);
        byte[] model = OnnxExport.ToOnnx(network);

        OnnxModelInfo info = OnnxModelReader.Read(model);
        Assert.AreEqual("Mul", info.Nodes.Single(n => n.Name == "layers.2.Mul").OpType);
        OnnxTensorInfo factors = info.Initializers.Single(t => t.Name == "layers.2.factor");
        CollectionAssert.AreEqual(new long[] { 3 }, factors.Dims.ToArray());

        const int Rows = 5;
        float[] x = TestNetworks.Inputs(Rows, 4, 11);
        float[] expected = TestNetworks.Predict(network, x, Rows);
        using var ort = new OrtModel(model, "Features", 4);
        float[] actual = ort.Run(x, Rows)["Score"];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-5f * (1 + Math.Abs(expected[i])), $"output {i}");
        }

        Assert.IsTrue(actual.Any(v => v != 0f), "the scores are not all zero, so the comparison means something");
    }

    /// <summary><c>y = x * factor</c> per column, the factor held as state; described as the ONNX <c>Mul</c>.</summary>
    private sealed class ColumnScale(float[] factor) : Layer
    {
        private float[] _output = [];

        public override string DisplayName => "ColumnScale";

        public override IReadOnlyList<float[]> State => [factor];

        public override LayerSpec Describe() => new()
        {
            Kind = "Test.ColumnScale",
            Version = 1,
            Tensors = [new LayerTensor("factor", [factor.Length], factor, isState: true)],
            Inference = new LayerOperator("Mul", ["factor"]),
        };

        protected override int OnBuild(int inputSize) => inputSize;

        protected override void Allocate(int capacity) => _output = new float[capacity * InputSize];

        protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
        {
            ReadOnlySpan<float> x = input.Span;
            for (int i = 0; i < batch * InputSize; i++)
            {
                _output[i] = x[i] * factor[i % InputSize];
            }

            return _output.AsMemory(0, batch * InputSize);
        }

        protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient) =>
            throw new NotSupportedException("inference only");

        public override void ResetParameters(Rng rng)
        {
        }
    }
}
