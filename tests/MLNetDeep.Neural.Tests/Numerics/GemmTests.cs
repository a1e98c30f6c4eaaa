using MLNetDeep.Neural.Numerics;

namespace MLNetDeep.Neural.Tests.Numerics;

[TestClass]
public sealed class GemmTests
{
    [TestMethod]
    [DataRow(null, GemmBackend.Auto)]
    [DataRow("", GemmBackend.Auto)]
    [DataRow("  ", GemmBackend.Auto)]
    [DataRow("auto", GemmBackend.Auto)]
    [DataRow("Managed", GemmBackend.Managed)]
    [DataRow(" OPENBLAS ", GemmBackend.OpenBlas)]
    public void ParsesTheBackendVariable(string? value, GemmBackend expected)
    {
        Assert.AreEqual(expected, Gemm.ParseBackend(value));
    }

    [TestMethod]
    [DataRow("mkl")]
    [DataRow("open-blas")]
    [DataRow("1")]
    public void RejectsAnUnknownBackendNamingTheVariableAndValue(string value)
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Gemm.ParseBackend(value));
        StringAssert.Contains(error.Message, "MLNETDEEP_GEMM");
        StringAssert.Contains(error.Message, $"'{value}'");
        StringAssert.Contains(error.Message, "auto, managed or openblas");
    }

    [TestMethod]
    public void ActiveBackendIsNeverAuto()
    {
        Assert.AreNotEqual(GemmBackend.Auto, Gemm.ActiveBackend);
    }

    [TestMethod]
    public void RejectsAnUndefinedBackendValue()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gemm.Backend = (GemmBackend)42);
    }

    [TestMethod]
    [DataRow(GemmBackend.Managed)]
    [DataRow(GemmBackend.Auto)]
    public void ZeroInnerDimensionOrZeroAlphaScalesC(GemmBackend backend)
    {
        float[] c = [1f, float.NaN, 3f, 4f];
        Gemm.Multiply(backend, false, false, 2, 2, 0, 1f, [], [], 0f, c);
        CollectionAssert.AreEqual(new float[4], c);

        c = [1f, 2f, 3f, 4f];
        Gemm.Multiply(backend, false, false, 2, 2, 1, 0f, [1f, 2f], [3f, 4f], 2f, c);
        CollectionAssert.AreEqual(new[] { 2f, 4f, 6f, 8f }, c);
    }

    [TestMethod]
    public void EmptyCIsANoOp()
    {
        Gemm.Multiply(false, false, 0, 5, 3, 1f, [], new float[15], 0f, []);
        Gemm.Multiply(false, false, 5, 0, 3, 1f, new float[15], [], 0f, []);
    }

    [TestMethod]
    public void ValidatesArgumentsWithClearMessages()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];

        var negative = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 2, 3, 1f, a, b, 0f, c));
        StringAssert.Contains(negative.Message, "m=-1, n=2, k=3");

        var shortA = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 4, 1f, a, new float[8], 0f, c));
        Assert.AreEqual("a", shortA.ParamName);
        StringAssert.Contains(shortA.Message, "A holds 6 elements but m*k = 2*4 = 8 are needed");

        var shortB = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 3, 1f, a, b, 0f, new float[6]));
        Assert.AreEqual("b", shortB.ParamName);
        StringAssert.Contains(shortB.Message, "B holds 6 elements but k*n = 3*3 = 9 are needed");

        var shortC = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(false, false, 3, 2, 2, 1f, a, new float[4], 0f, c));
        Assert.AreEqual("c", shortC.ParamName);
        StringAssert.Contains(shortC.Message, "C holds 4 elements but m*n = 3*2 = 6 are needed");

        var threads = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, a, b, 0f, c, threads: 0));
        Assert.AreEqual("threads", threads.ParamName);
        StringAssert.Contains(threads.Message, "at least 1");
    }
}
