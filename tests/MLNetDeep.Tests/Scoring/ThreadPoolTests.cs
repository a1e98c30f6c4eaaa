namespace MLNetDeep.Tests.Scoring;

/// <summary>
/// Issue 14 #11's probe: under a thread pool capped at two workers, binary and regression Fits running at once on
/// pool threads finish. (They once hung: building the fitted model saved it with its input schema through ML.NET's
/// BinarySaver, which waits on thread-pool continuations. A multiclass Fit still builds ML.NET's ValueMapping, which
/// does the same; docs/reliability.md says so.)
/// </summary>
[TestClass]
public sealed class ThreadPoolTests
{
    [TestMethod]
    [TestCategory("Slow")]
    public void Fits_at_once_on_a_capped_thread_pool_finish()
    {
        string output = ModelProbe.Start(["parallel-fits"], new Dictionary<string, string> { ["DOTNET_ThreadPool_ForceMaxWorkerThreads"] = "2" });
        StringAssert.Contains(output, "done");
    }
}
