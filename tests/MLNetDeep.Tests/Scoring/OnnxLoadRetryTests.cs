namespace MLNetDeep.Tests.Scoring;

using System.Reflection;
using MLNetDeep.Scoring;

/// <summary>
/// ML.NET names the temporary copy of a loaded model's ONNX graph with <see cref="Path.GetRandomFileName"/>; about one
/// name in 32,768 ends in <c>.ort</c> and ONNX Runtime fails it as "ORT model verification failed" (it failed a CI run of
/// this repository once; a valid ONNX file named *.ort gives exactly that error). The loads of MLNetDeep models (Fit's
/// scoring chain, <c>LoadChecked</c>, and through it the CLI and the server) repeat such a load.
/// </summary>
[TestClass]
public sealed class OnnxLoadRetryTests
{
    // The chain ML.NET throws: reflection wrappers around its own exception around ONNX Runtime's.
    private static Exception OrtNameClash() => new TargetInvocationException(new InvalidOperationException("Error during class instantiation",
        new InvalidOperationException("Error initializing model :Microsoft.ML.OnnxRuntime.OnnxRuntimeException: [ErrorCode:Fail] inference_session.cc:2238 operator() ORT model verification failed.")));

    [TestMethod]
    public void A_load_that_met_an_ort_named_temporary_file_is_repeated()
    {
        int calls = 0;
        string result = OnnxLoadRetry.Run(() => ++calls < 3 ? throw OrtNameClash() : "model");
        Assert.AreEqual("model", result);
        Assert.AreEqual(3, calls);
    }

    [TestMethod]
    public void Other_failures_are_not_repeated_and_the_clash_gives_up_after_its_attempts()
    {
        int calls = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => OnnxLoadRetry.Run<string>(() => { calls++; throw new InvalidDataException("damaged"); }));
        Assert.AreEqual(1, calls, "a real failure is reported at once");

        calls = 0;
        Assert.ThrowsExactly<TargetInvocationException>(() => OnnxLoadRetry.Run<string>(() => { calls++; throw OrtNameClash(); }));
        Assert.AreEqual(OnnxLoadRetry.Attempts, calls);
    }
}
