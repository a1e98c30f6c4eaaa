namespace MLNetDeep.Onnx.Tests;

/// <summary>
/// The ONNX message classes protoc generates from the vendored onnx.proto stay internal (only MLNetDeep.Onnx's own
/// types are public), and that onnx.proto is the IR version the exporter writes.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void The_generated_onnx_classes_are_not_public()
    {
        string[] foreign = typeof(OnnxModelReader).Assembly.GetExportedTypes().Select(t => t.FullName!)
            .Where(name => !name.StartsWith("MLNetDeep.Onnx.", StringComparison.Ordinal)).ToArray();
        Assert.IsEmpty(foreign, string.Join(", ", foreign));
    }

    [TestMethod]
    public void The_vendored_onnx_proto_is_the_IR_version_the_exporter_writes() =>
        Assert.AreEqual(OnnxContract.IrVersion, (long)Enum.GetValues<global::Onnx.Version>().Max(), "the newest IR version onnx.proto knows");
}
