namespace MLNetDeep.TorchSharp.Tests.Native;

using MLNetDeep.TorchSharp.Native;

[TestClass]
public sealed class NativeLoadingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LibTorchLoadsAndComputes()
    {
        string how = TorchSharpBackend.EnsureAvailable();
        TestContext.WriteLine(how);
        using var a = global::TorchSharp.torch.ones(2, 3);
        Assert.AreEqual(6f, a.sum().item<float>());
    }
}
