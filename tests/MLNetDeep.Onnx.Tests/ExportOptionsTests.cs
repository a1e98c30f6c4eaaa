namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>Options that do not fit the network are refused before anything is written, naming the option and the value.</summary>
[TestClass]
public sealed class ExportOptionsTests
{
    private static readonly Network Binary = TestNetworks.Build(3, 1, Activation.Relu, batchNorm: false, dropout: 0f, seed: 1);
    private static readonly Network ThreeClasses = TestNetworks.Build(3, 3, Activation.Relu, batchNorm: false, dropout: 0f, seed: 1);

    [TestMethod]
    public void Heads_need_the_right_number_of_outputs()
    {
        StringAssert.Contains(Refused(ThreeClasses, new() { Head = OnnxHead.Binary }), "Head is Binary, which needs a network with 1 output; this network has 3");
        StringAssert.Contains(Refused(ThreeClasses, new() { Head = OnnxHead.Regression }), "Head is Regression, which needs a network with 1 output; this network has 3");
        StringAssert.Contains(Refused(Binary, new() { Head = OnnxHead.Multiclass }), "needs a network with at least 2 outputs");
        StringAssert.Contains(Refused(Binary, new() { Head = (OnnxHead)9 }), "Head is 9");
    }

    [TestMethod]
    public void Rescaling_is_for_regression_and_finite()
    {
        StringAssert.Contains(Refused(Binary, new() { Head = OnnxHead.Binary, TargetScale = 2f }), "apply to the Regression head only; Head is Binary");
        StringAssert.Contains(Refused(Binary, new() { Head = OnnxHead.Regression, TargetScale = 0f }), "TargetScale is 0");
        StringAssert.Contains(Refused(Binary, new() { Head = OnnxHead.Regression, TargetOffset = float.NaN }), "TargetOffset is NaN");
    }

    [TestMethod]
    public void Slot_names_match_the_score_width_and_are_distinct()
    {
        StringAssert.Contains(Refused(ThreeClasses, new() { Head = OnnxHead.Multiclass, ScoreSlotNames = ["a", "b"] }), "ScoreSlotNames has 2 names; Score has 3 columns");
        StringAssert.Contains(Refused(ThreeClasses, new() { Head = OnnxHead.Multiclass, ScoreSlotNames = ["a", "b", "a"] }), "ScoreSlotNames[2] is 'a', which appears twice");
    }

    [TestMethod]
    public void Metadata_keys_the_exporter_writes_are_reserved()
    {
        foreach (string key in new[] { OnnxContract.TrainingRecordKey, OnnxContract.HeadKey, OnnxContract.GraphContractKey })
        {
            StringAssert.Contains(Refused(Binary, new() { MetadataProps = new Dictionary<string, string> { [key] = "x" } }), $"the key '{key}', which the exporter writes itself");
        }

        StringAssert.Contains(Refused(Binary, new() { MetadataProps = new Dictionary<string, string> { [""] = "x" } }), "empty key");
    }

    [TestMethod]
    public void The_input_name_must_be_set_and_free()
    {
        StringAssert.Contains(Refused(Binary, new() { InputName = " " }), "InputName is ' '");
        StringAssert.Contains(Refused(Binary, new() { InputName = "layers.0.weight" }), "InputName is 'layers.0.weight', which the exported graph uses for another tensor");
        StringAssert.Contains(Refused(Binary, new() { InputName = "Score" }), "InputName is 'Score'");
    }

    [TestMethod]
    public void A_layer_without_an_onnx_mapping_is_refused_by_name()
    {
        var network = new Network(2, [new Dense(2), new Doubler()]);
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => OnnxExport.ToOnnx(network));
        StringAssert.Contains(e.Message, "Layer 1 (Doubler, ");
        Assert.ThrowsExactly<ArgumentNullException>(() => OnnxExport.ToOnnx(null!));
    }

    private static string Refused(Network network, OnnxExportOptions options) =>
        Assert.ThrowsExactly<ArgumentException>(() => OnnxExport.ToOnnx(network, options)).Message;

    /// <summary>A layer type the exporter does not know.</summary>
    private sealed class Doubler : Layer
    {
        private float[] _output = [];

        public override string DisplayName => "Doubler";

        protected override int OnBuild(int inputSize) => inputSize;

        protected override void Allocate(int capacity) => _output = new float[capacity * InputSize];

        protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
        {
            for (int i = 0; i < batch * InputSize; i++)
            {
                _output[i] = 2 * input.Span[i];
            }

            return _output.AsMemory(0, batch * InputSize);
        }

        protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient) => outputGradient;

        public override void ResetParameters(Rng rng)
        {
        }
    }
}
