namespace MLNetDeep.Onnx.Tests.Reading;

/// <summary>The reader on encodings other producers use: typed data fields (packed and not), scalars, external data, nested types, skipped subgraphs.</summary>
[TestClass]
public sealed class ForeignModelTests
{
    [TestMethod]
    public void Every_encoding_is_described()
    {
        OnnxModelInfo info = OnnxModelReader.Read(HostileInputTests.ForeignModel());
        Assert.AreEqual(7L, info.IrVersion);
        Assert.AreEqual("foreign", info.ProducerName);
        Assert.AreEqual("foreign graph", info.GraphName);
        CollectionAssert.AreEqual(new[] { new OnnxOpsetImport("", 13), new OnnxOpsetImport("com.example", 1) }, info.OpsetImports.ToArray());
        Assert.AreEqual(13L, info.OpsetVersion(""));

        OnnxNodeInfo constant = info.Nodes[0];
        Assert.AreEqual(": Constant() -> c", constant.ToString());
        OnnxTensorInfo value = constant.Attribute("value")!.Tensor!;
        CollectionAssert.AreEqual(new[] { 1f, 2f }, value.ToSingleArray());

        OnnxNodeInfo custom = info.Nodes[1];
        Assert.AreEqual("custom: com.example.Custom(c, ) -> y", custom.ToString());
        Assert.AreEqual(OnnxAttributeType.Ints, custom.Attribute("ints")!.Type, "inferred from the value when type is absent");
        CollectionAssert.AreEqual(new long[] { 1, 2, 150 }, custom.Attribute("ints")!.Ints.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 2f }, custom.Attribute("floats")!.Floats.ToArray(), "a packed run then an unpacked value");
        Assert.AreEqual("constant", custom.Attribute("mode")!.String);
        Assert.AreEqual(OnnxAttributeType.Graph, custom.Attribute("body")!.Type);

        OnnxTensorInfo i64 = info.Initializers[0];
        CollectionAssert.AreEqual(new long[] { 1, 127, -1 }, i64.ToInt64Array());
        Assert.AreEqual(24L, i64.ByteLength);
        OnnxTensorInfo scalar = info.Initializers[1];
        Assert.IsEmpty(scalar.Dims);
        Assert.AreEqual(1L, scalar.ElementCount);
        Assert.AreEqual(8L, scalar.ByteLength);
        OnnxTensorInfo strings = info.Initializers[2];
        CollectionAssert.AreEqual(new[] { "ab", "\uFFFD" }, strings.ToStringArray());
        Assert.AreEqual(3L, strings.ByteLength);
        OnnxTensorInfo external = info.Initializers[3];
        Assert.IsTrue(external.IsExternal);
        Assert.AreEqual(4_000_000_000L, external.ByteLength);
        Assert.ThrowsExactly<InvalidOperationException>(() => external.ToSingleArray());
        Assert.ThrowsExactly<InvalidOperationException>(() => i64.ToSingleArray());

        Assert.AreEqual("x: tensor(float) [batch, ?, 4]", info.Inputs.Single().ToString());
        Assert.AreEqual("y: seq(map(int64,optional(tensor(float))))", info.Outputs.Single().ToString());
        Assert.AreEqual(OnnxTensorElementType.Undefined, info.Outputs.Single().ElementType);
        Assert.IsNull(info.Outputs.Single().Shape);
        Assert.IsEmpty(info.MetadataProps);
    }
}
