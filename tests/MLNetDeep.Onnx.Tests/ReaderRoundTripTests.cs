namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;

/// <summary>Everything the exporter writes is read back by <see cref="OnnxModelReader"/>: versions, producer, interface, weights, nodes, attributes, metadata.</summary>
[TestClass]
public sealed class ReaderRoundTripTests
{
    private const string Record = """{"options":{"HiddenLayers":[6]},"history":[0.5,0.25],"classNames":["x","y","z"],"library":"0.1.0 \u00e9\u4e2d"}""";

    [TestMethod]
    public void A_multiclass_model_with_a_node_batch_norm_reads_back_whole()
    {
        Network network = TestNetworks.Build(3, 3, Activation.LeakyRelu, batchNorm: true, dropout: 0.1f, seed: 11, hidden: [6]);
        var options = new OnnxExportOptions
        {
            InputName = "Pixels",
            Head = OnnxHead.Multiclass,
            FoldBatchNorm = false,
            ScoreSlotNames = ["x", "y", "z"],
            TrainingRecord = Record,
            MetadataProps = new Dictionary<string, string> { ["b.user"] = "2", ["a.user"] = "1" },
            ProducerName = "tests",
            ProducerVersion = "9.9",
            DocString = "a doc string",
        };
        OnnxModelInfo info = OnnxModelReader.Read(OnnxExport.ToOnnx(network, options));

        Assert.AreEqual(8L, info.IrVersion);
        CollectionAssert.AreEqual(new[] { new OnnxOpsetImport("", 17), new OnnxOpsetImport("ai.onnx.ml", 2) }, info.OpsetImports.ToArray());
        Assert.AreEqual(17L, info.OpsetVersion("ai.onnx"));
        Assert.AreEqual(2L, info.OpsetVersion("ai.onnx.ml"));
        Assert.IsNull(info.OpsetVersion("com.microsoft"));
        Assert.AreEqual("tests", info.ProducerName);
        Assert.AreEqual("9.9", info.ProducerVersion);
        Assert.AreEqual("a doc string", info.DocString);
        Assert.AreEqual("MLNetDeep", info.GraphName);

        OnnxValueInfo input = info.Inputs.Single();
        Assert.AreEqual("Pixels: tensor(float) [N, 3]", input.ToString());
        Assert.AreEqual(OnnxTensorElementType.Float, input.ElementType);
        CollectionAssert.AreEqual(new[] { OnnxDimension.Symbolic("N"), OnnxDimension.Fixed(3) }, input.Shape!.ToArray());
        CollectionAssert.AreEqual(new[] { "Score: tensor(float) [N, 3]", "mlnet.Score.unusedOutput: tensor(int64) [1, 1]" },
            info.Outputs.Select(o => o.ToString()).ToArray());

        // Layers: 0 Dense(6, no bias), 1 BatchNorm, 2 LeakyReLU, 3 Dropout, 4 Dense(3).
        CollectionAssert.AreEqual(new[]
        {
            "layers.0.Gemm: Gemm(Pixels, layers.0.weight) -> layers.0.output",
            "layers.1.BatchNormalization: BatchNormalization(layers.0.output, layers.1.scale, layers.1.bias, layers.1.mean, layers.1.var) -> layers.1.output",
            "layers.2.LeakyRelu: LeakyRelu(layers.1.output) -> layers.2.output",
            "layers.4.Gemm: Gemm(layers.2.output, layers.4.weight, layers.4.bias) -> layers.4.output",
            "head.Softmax: Softmax(layers.4.output) -> Score",
            "mlnet.Score.SlotNames: ai.onnx.ml.LabelEncoder(mlnet.Score.unusedInput) -> mlnet.Score.unusedOutput",
        }, info.Nodes.Select(n => n.ToString()).ToArray());
        Assert.AreEqual(0.07f, info.Nodes[2].Attribute("alpha")!.Float);
        Assert.AreEqual(OnnxAttributeType.Float, info.Nodes[2].Attribute("alpha")!.Type);
        Assert.AreEqual(1e-5f, info.Nodes[1].Attribute("epsilon")!.Float);
        Assert.AreEqual(1L, info.Nodes[4].Attribute("axis")!.Int);
        CollectionAssert.AreEqual(new[] { "keys_strings", "values_int64s" }, info.Nodes[5].AttributeNames.ToArray());
        CollectionAssert.AreEqual(new[] { "x", "y", "z" }, info.Nodes[5].Attribute("keys_strings")!.Strings.ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, info.Nodes[5].Attribute("values_int64s")!.Ints.ToArray());
        Assert.HasCount(6, info.Nodes, "the training record is metadata only, not a node");
        Assert.AreEqual(Record, info.TrainingRecord);

        // Weights and statistics are the engine's bits.
        var dense0 = (Dense)network.Layers[0];
        var bn = (BatchNorm)network.Layers[1];
        var dense4 = (Dense)network.Layers[4];
        AssertTensor(info, "layers.0.weight", [3, 6], dense0.Weight.Value);
        AssertTensor(info, "layers.1.scale", [6], bn.Gamma.Value);
        AssertTensor(info, "layers.1.bias", [6], bn.Beta.Value);
        AssertTensor(info, "layers.1.mean", [6], bn.State[0]);
        AssertTensor(info, "layers.1.var", [6], bn.State[1]);
        AssertTensor(info, "layers.4.weight", [6, 3], dense4.Weight.Value);
        AssertTensor(info, "layers.4.bias", [3], dense4.Bias!.Value);
        OnnxTensorInfo one = info.Initializers.Single(t => t.Name == "mlnet.Score.unusedInput");
        Assert.AreEqual(OnnxTensorElementType.String, one.ElementType);
        CollectionAssert.AreEqual(new long[] { 1, 1 }, one.Dims.ToArray());
        CollectionAssert.AreEqual(new[] { "one" }, one.ToStringArray());
        Assert.AreEqual(3L, one.ByteLength);
        Assert.AreEqual(8, info.Initializers.Count, "the weights, the batch-norm tensors and the slot names' string input");

        CollectionAssert.AreEqual(new[]
        {
            new KeyValuePair<string, string>("a.user", "1"), new("b.user", "2"), new("mlnetdeep.graph_contract", "1"),
            new("mlnetdeep.head", "multiclass"), new("mlnetdeep.training_record", Record),
        }, info.MetadataProps.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray());
        Assert.AreEqual(Record, info.TrainingRecord);
    }

    [TestMethod]
    public void Folding_writes_one_gemm_per_dense_layer_with_the_folded_weights()
    {
        Network network = TestNetworks.Build(2, 1, Activation.Relu, batchNorm: true, dropout: 0f, seed: 12, hidden: [4]);
        OnnxModelInfo info = OnnxModelReader.Read(OnnxExport.ToOnnx(network, new OnnxExportOptions { Head = OnnxHead.Regression, TargetScale = 2f, TargetOffset = 3f }));
        CollectionAssert.AreEqual(new[] { "Gemm", "Relu", "Gemm" }, info.Nodes.Select(n => n.OpType).ToArray());
        CollectionAssert.AreEqual(new[] { "Score" }, info.Outputs.Select(o => o.Name).ToArray());
        Assert.AreEqual("regression", info.MetadataProps["mlnetdeep.head"]);
        Assert.IsNull(info.TrainingRecord);

        var dense = (Dense)network.Layers[0];
        var bn = (BatchNorm)network.Layers[1];
        var last = (Dense)network.Layers[3];
        float[] w = info.Initializers.Single(t => t.Name == "layers.0.weight").ToSingleArray();
        float[] b = info.Initializers.Single(t => t.Name == "layers.0.bias").ToSingleArray();
        for (int j = 0; j < 4; j++)
        {
            double scale = bn.Gamma.Value[j] / Math.Sqrt((double)bn.State[1][j] + (double)bn.Epsilon); // in double, rounded once
            Assert.AreEqual((float)(bn.Beta.Value[j] - (bn.State[0][j] * scale)), b[j], $"b'[{j}]");
            for (int i = 0; i < 2; i++)
            {
                Assert.AreEqual((float)(dense.Weight.Value[(i * 4) + j] * scale), w[(i * 4) + j], $"W'[{i},{j}]");
            }
        }

        float[] w2 = info.Initializers.Single(t => t.Name == "layers.3.weight").ToSingleArray();
        float[] b2 = info.Initializers.Single(t => t.Name == "layers.3.bias").ToSingleArray();
        CollectionAssert.AreEqual(last.Weight.Value.Select(v => (float)(v * 2.0)).ToArray(), w2);
        Assert.AreEqual((float)((last.Bias!.Value[0] * 2.0) + 3.0), b2[0]);
    }

    [TestMethod]
    public void The_slot_name_outputs_run_in_onnx_runtime_as_int64_1x1()
    {
        Network network = TestNetworks.Build(3, 2, Activation.Tanh, batchNorm: false, dropout: 0f, seed: 13);
        byte[] model = OnnxExport.ToOnnx(network, new OnnxExportOptions { Head = OnnxHead.Multiclass, ScoreSlotNames = ["no", "yes"], TrainingRecord = Record });
        using var ort = new OrtModel(model, "Features", 3);
        CollectionAssert.AreEqual(new[] { "Score", "mlnet.Score.unusedOutput" }, ort.OutputNames.ToArray());
        float[] x = TestNetworks.Inputs(7, 3, 1);
        foreach (string output in new[] { "mlnet.Score.unusedOutput" })
        {
            (long[] values, long[] shape) = ort.RunInt64(x, 7, output);
            CollectionAssert.AreEqual(new long[] { 1, 1 }, shape, output);
            CollectionAssert.AreEqual(new long[] { -1 }, values, $"{output}: \"one\" is not a key, so LabelEncoder gives its default -1");
        }
    }

    [TestMethod]
    public void Metadata_and_the_training_record_read_without_parsing_the_graph()
    {
        Network network = TestNetworks.Build(2, 1, Activation.Sigmoid, batchNorm: false, dropout: 0f, seed: 14);
        byte[] model = OnnxExport.ToOnnx(network, new OnnxExportOptions { Head = OnnxHead.Binary, TrainingRecord = Record });
        Assert.AreEqual(Record, OnnxModelReader.ReadTrainingRecord(model));
        IReadOnlyDictionary<string, string> fromStream = OnnxModelReader.ReadMetadata(new NonSeekableStream(model));
        Assert.AreEqual("binary", fromStream["mlnetdeep.head"]);
        Assert.AreEqual(Record, fromStream["mlnetdeep.training_record"]);
        Assert.IsNull(OnnxModelReader.ReadTrainingRecord(OnnxExport.ToOnnx(network)));

        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            using (FileStream file = File.Create(path))
            {
                OnnxExport.WriteTo(network, file, new OnnxExportOptions { Head = OnnxHead.Binary, TrainingRecord = Record });
            }

            OnnxModelInfo info = OnnxModelReader.ReadFile(path);
            Assert.AreEqual(Record, info.TrainingRecord);
            CollectionAssert.AreEqual(new[] { "Score", "Probability" }, info.Outputs.Select(o => o.Name).ToArray());
            Assert.AreEqual("head.Sigmoid: Sigmoid(Score) -> Probability", info.Nodes.Single(n => n.Name == "head.Sigmoid").ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertTensor(OnnxModelInfo info, string name, long[] dims, float[] expected)
    {
        OnnxTensorInfo tensor = info.Initializers.Single(t => t.Name == name);
        Assert.AreEqual(OnnxTensorElementType.Float, tensor.ElementType, name);
        CollectionAssert.AreEqual(dims, tensor.Dims.ToArray(), name);
        Assert.AreEqual(expected.Length, tensor.ElementCount, name);
        Assert.AreEqual(expected.Length * 4L, tensor.ByteLength, name);
        Assert.IsFalse(tensor.IsExternal, name);
        CollectionAssert.AreEqual(expected, tensor.ToSingleArray(), name);
    }
}
