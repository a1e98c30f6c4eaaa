namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;

/// <summary>The same network and options give the same bytes: across calls, across equal networks built apart, whatever order metadata was given in.</summary>
[TestClass]
public sealed class DeterminismTests
{
    [TestMethod]
    public void The_same_network_gives_the_same_bytes()
    {
        OnnxExportOptions Options(bool reversed) => new()
        {
            Head = OnnxHead.Multiclass,
            ScoreSlotNames = ["a", "b", "c"],
            TrainingRecord = """{"seed":1}""",
            MetadataProps = reversed
                ? new Dictionary<string, string> { ["z"] = "1", ["a"] = "2", ["m"] = "3" }
                : new Dictionary<string, string> { ["a"] = "2", ["m"] = "3", ["z"] = "1" },
        };

        Network first = TestNetworks.Build(17, 3, Activation.LeakyRelu, batchNorm: true, dropout: 0.2f, seed: 7, hidden: [33, 9]);
        Network second = TestNetworks.Build(17, 3, Activation.LeakyRelu, batchNorm: true, dropout: 0.2f, seed: 7, hidden: [33, 9]);
        byte[] reference = OnnxExport.ToOnnx(first, Options(false));
        CollectionAssert.AreEqual(reference, OnnxExport.ToOnnx(first, Options(false)), "twice from the same network");
        CollectionAssert.AreEqual(reference, OnnxExport.ToOnnx(second, Options(false)), "from an equal network built apart");
        CollectionAssert.AreEqual(reference, OnnxExport.ToOnnx(second, Options(true)), "metadata given in another order");

        var stream = new MemoryStream();
        OnnxExport.WriteTo(first, stream, Options(false));
        CollectionAssert.AreEqual(reference, stream.ToArray(), "WriteTo writes ToOnnx's bytes");
    }

    [TestMethod]
    public void Exporting_leaves_the_network_unchanged()
    {
        Network network = TestNetworks.Build(3, 1, Activation.Relu, batchNorm: true, dropout: 0f, seed: 8);
        float[][] before = network.Parameters.Select(p => (float[])p.Value.Clone()).Concat(network.Layers.SelectMany(l => l.State).Select(s => (float[])s.Clone())).ToArray();
        _ = OnnxExport.ToOnnx(network, new OnnxExportOptions { Head = OnnxHead.Regression, TargetScale = 5f, TargetOffset = 1f });
        float[][] after = network.Parameters.Select(p => p.Value).Concat(network.Layers.SelectMany(l => l.State)).ToArray();
        Assert.HasCount(before.Length, after);
        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i], $"array {i}");
        }
    }
}
