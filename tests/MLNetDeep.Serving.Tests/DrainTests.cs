namespace MLNetDeep.Serving.Tests;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using static MLNetDeep.Serving.Tests.TestModels;

/// <summary>Issue 14 #6 in process: stopping under load reports not-ready, drains, and answers every request it accepted.</summary>
[TestClass]
public sealed partial class DrainTests
{
    [TestMethod]
    [TestCategory("Slow")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task StoppingUnderLoadAnswersEveryAcceptedRequestIncludingAnUploadInFlight()
    {
        using var folder = new TempFolder();
        SavePoint(3, folder.File("moons.zip"));
        var log = new LogLines();
        var options = new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["moons"] = folder.File("moons.zip") },
            Urls = "http://127.0.0.1:0",
            WatchForChanges = false,
            LogWriter = log,
            DrainDelay = TimeSpan.FromSeconds(5), // the upload keeps a connection open, so the drain lasts this long
            ShutdownTimeout = TimeSpan.FromSeconds(60),
        };
        WebApplication app = ModelServer.CreateApplication(options);
        await app.StartAsync();
        string address = Listening().Match(await log.WaitForAsync("Listening on")).Groups[1].Value;
        Task? stopping = null;
        var result = await DrainProbe.RunAsync(address, clients: 6, stop: () => stopping = app.StopAsync(), log.WaitForAsync("No longer accepting connections"));
        await stopping!; // the host logs its last line when it has stopped; disposing it before then could cut that short
        await app.DisposeAsync();

        Assert.IsEmpty(result.Failures, $"{result.Failures.Count} failed of {result.Answered}: {string.Join(" | ", result.Failures.Take(5))}\n{log}");
        Assert.IsTrue(result.SawNotReady, "/readyz answered 503 while the server drained");
        Assert.IsGreaterThanOrEqualTo(6, result.AnsweredWhileDraining, "every client was answered during the drain (Connection: close)");
        Assert.AreEqual(HttpStatusCode.OK, result.NewConnectionAfterNotReady, "while draining, a new connection is still accepted and answered");
        Assert.AreEqual(HttpStatusCode.OK, result.UploadStatus, "the upload in flight when the server stopped accepting was answered");
        StringAssert.Contains(log.ToString(), "Stopped: every request was answered.");
    }

    [GeneratedRegex(@"Listening on (http://[^ ,]+)")]
    private static partial Regex Listening();
}
