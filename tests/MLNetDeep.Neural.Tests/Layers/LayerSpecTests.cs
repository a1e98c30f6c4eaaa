namespace MLNetDeep.Neural.Tests.Layers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Layers describe themselves (<see cref="Layer.Describe"/>): what checkpoints store, the ONNX exporter writes and the
/// libtorch backend runs. The description aliases the layer's arrays, and <see cref="Layer.ReadSaved"/> refuses a saved
/// layer that differs, by name.
/// </summary>
[TestClass]
public sealed class LayerSpecTests
{
    [TestMethod]
    public void Every_built_in_layer_describes_its_kind_settings_tensors_and_operator()
    {
        Network n = new NetworkArchitecture { HiddenLayers = [4], BatchNorm = true, DropoutRate = 0.25f, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f }.Build(3, 2);
        n.Initialize(1);
        IReadOnlyList<LayerSpec> specs = n.Describe();
        CollectionAssert.AreEqual(new[] { "Dense", "BatchNorm", "LeakyRelu", "Dropout", "Dense" }, specs.Select(s => s.Kind).ToArray());
        Assert.IsTrue(specs.All(s => s.Version == 1));

        LayerSpec hidden = specs[0];
        Assert.AreEqual("Dense v1 (units=4, use_bias=0)", hidden.ToString());
        Assert.HasCount(1, hidden.Tensors);
        CollectionAssert.AreEqual(new[] { 3, 4 }, hidden.Tensor("weight").Shape.ToArray());
        Assert.AreSame(((Dense)n.Layers[0]).Weight.Value, hidden.Tensor("weight").Values, "the description aliases the layer's array");
        Assert.AreEqual("Gemm", hidden.Inference!.OpType);
        CollectionAssert.AreEqual(new[] { "weight" }, hidden.Inference.Inputs.ToArray());

        LayerSpec output = specs[4];
        CollectionAssert.AreEqual(new[] { "weight", "bias" }, output.Tensors.Select(t => t.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 2 }, output.Tensor("bias").Shape.ToArray());

        var bn = (BatchNorm)n.Layers[1];
        LayerSpec norm = specs[1];
        CollectionAssert.AreEqual(new[] { "scale", "bias", "mean", "var" }, norm.Tensors.Select(t => t.Name).ToArray());
        CollectionAssert.AreEqual(new[] { false, false, true, true }, norm.Tensors.Select(t => t.IsState).ToArray());
        Assert.AreSame(bn.Gamma.Value, norm.Tensor("scale").Values);
        Assert.AreSame(bn.State[1], norm.Tensor("var").Values);
        Assert.AreEqual(0.1, norm.Setting("momentum"), 1e-7);
        Assert.AreEqual(1e-5f, norm.Inference!.FloatAttributes["epsilon"]);
        CollectionAssert.AreEqual(new[] { "scale", "bias", "mean", "var" }, norm.Inference.Inputs.ToArray());

        Assert.AreEqual(0.2f, specs[2].Inference!.FloatAttributes["alpha"]);
        Assert.AreEqual(0.2f, (float)specs[2].Setting("slope"));
        Assert.AreSame(LayerOperator.Identity, specs[3].Inference);
        Assert.AreEqual(0.25, specs[3].Setting("rate"));
        Assert.AreEqual("BatchNorm v1 (epsilon=1E-05, momentum=0.1)", norm.ToString());

        var softmax = new Network(2, [new Softmax(), new Tanh(), new Sigmoid(), new Relu(), new Identity()]);
        CollectionAssert.AreEqual(new[] { "Softmax", "Tanh", "Sigmoid", "Relu", "Identity" }, softmax.Describe().Select(s => s.Inference!.OpType).ToArray());
        Assert.AreEqual(1L, softmax.Describe()[0].Inference!.IntAttributes["axis"]);

        var missing = Assert.ThrowsExactly<KeyNotFoundException>(() => hidden.Tensor("bias"));
        Assert.AreEqual("A Dense layer has no tensor 'bias'; it has weight.", missing.Message);
        StringAssert.Contains(Assert.ThrowsExactly<KeyNotFoundException>(() => hidden.Setting("rate")).Message, "it has units, use_bias");
    }

    [TestMethod]
    public void A_layer_class_that_does_not_describe_itself_is_described_by_its_state()
    {
        var layer = new Counter();
        _ = new Network(3, [layer]);
        LayerSpec spec = layer.Describe();
        Assert.AreEqual(typeof(Counter).FullName, spec.Kind);
        Assert.AreEqual(0, spec.Version);
        Assert.IsNull(spec.Inference, "no inference operator: a checkpoint can hold it, an export cannot");
        Assert.AreEqual("state0", spec.Tensors.Single().Name);
        Assert.IsTrue(spec.Tensors[0].IsState);
        Assert.AreSame(layer.State[0], spec.Tensors[0].Values);
    }

    [TestMethod]
    public void Reading_a_saved_layer_checks_kind_version_settings_and_tensors_and_changes_nothing()
    {
        var bn = new BatchNorm(momentum: 0.1f);
        bn.Build(3);
        float[] saved = [7, 8, 9];
        LayerSpec good = Saved(bn, version: 1, momentum: 0.1f, scale: saved);
        IReadOnlyList<float[]> values = new Reader(bn).Read(good);
        Assert.AreSame(saved, values[0]);
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, bn.Gamma.Value, "reading copies nothing into the layer");

        Assert.AreEqual("it was saved as BatchNorm v2; this network has BatchNorm v1 there", Refused(bn, Saved(bn, version: 2, momentum: 0.1f, scale: saved)));
        Assert.AreEqual("its BatchNorm setting momentum is 0.5; this network's is 0.1", Refused(bn, Saved(bn, version: 1, momentum: 0.5, scale: saved)));
        Assert.AreEqual("its tensor 0 is 'scale' [4]; this network's is 'scale' [3]", Refused(bn, Saved(bn, version: 1, momentum: 0.1f, scale: [1, 2, 3, 4])));

        LayerSpec extra = Saved(bn, version: 1, momentum: 0.1f, scale: saved);
        extra = new LayerSpec { Kind = extra.Kind, Version = 1, Settings = new Dictionary<string, double>(extra.Settings) { ["affine"] = 1 }, Tensors = extra.Tensors };
        Assert.AreEqual("it has the setting affine, which a BatchNorm v1 layer does not have", Refused(bn, extra));
    }

    [TestMethod]
    public void A_tensor_must_match_its_shape()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new LayerTensor("w", [2, 3], new float[5])).Message, "Tensor 'w' has the shape [2, 3] but 5 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new LayerTensor("w", [0], [])).Message, "the dimension 0");
    }

    private static LayerSpec Saved(BatchNorm bn, int version, double momentum, float[] scale)
    {
        LayerSpec own = bn.Describe();
        return new LayerSpec
        {
            Kind = own.Kind,
            Version = version,
            Settings = new Dictionary<string, double> { ["momentum"] = momentum, ["epsilon"] = own.Setting("epsilon") },
            Tensors = [new LayerTensor("scale", [scale.Length], scale), .. own.Tensors.Skip(1)],
        };
    }

    private static string Refused(Layer layer, LayerSpec saved) =>
        Assert.ThrowsExactly<InvalidDataException>(() => new Reader(layer).Read(saved)).Message;

    /// <summary>Calls the protected <see cref="Layer.ReadSaved"/> of another layer, as a checkpoint does through the network.</summary>
    private sealed class Reader(Layer layer)
    {
        public IReadOnlyList<float[]> Read(LayerSpec saved) => layer.ReadSaved(saved);
    }

    /// <summary>A layer class with state and no description of its own.</summary>
    private sealed class Counter : Layer
    {
        private readonly float[] _count = new float[1];

        public override string DisplayName => "Counter";

        public override IReadOnlyList<float[]> State => [_count];

        protected override int OnBuild(int inputSize) => inputSize;

        protected override void Allocate(int capacity)
        {
        }

        protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training) => input;

        protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient) => outputGradient;

        public override void ResetParameters(Rng rng) => _count[0] = 0;
    }
}
