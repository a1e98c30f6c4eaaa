namespace MLNetDeep.Serving.Tests;

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static MLNetDeep.Serving.Tests.TestModels;

/// <summary>The model server on real sockets (127.0.0.1, ephemeral ports): what only Kestrel does.</summary>
[TestClass]
public sealed partial class KestrelTests
{
    private static TempFolder s_folder = null!;

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        s_folder = new TempFolder();
        SavePoint(3, s_folder.File("moons.zip"));
    }

    [ClassCleanup]
    public static void Cleanup() => s_folder.Dispose();

    private static ModelServerOptions Options(string urls, TextWriter log) => new()
    {
        Models = new Dictionary<string, string> { ["moons"] = s_folder.File("moons.zip") },
        Urls = urls,
        WatchForChanges = false,
        LogWriter = TextWriter.Synchronized(log),
        RequestBodyGracePeriod = TimeSpan.FromSeconds(2),
        DrainDelay = TimeSpan.Zero,
    };

    private static string BoundAddress(string log) =>
        ListeningLine().Match(log) is { Success: true } m ? m.Groups[1].Value : throw new AssertFailedException("no 'Listening on' line: " + log);

    /// <summary>Issue 14 #3: the log states the address really bound (port 0 becomes the port taken), and it answers there.</summary>
    [TestMethod]
    public async Task TheLogStatesTheRealBoundAddress()
    {
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log));
        await app.StartAsync();
        string address = BoundAddress(log.ToString());
        Assert.IsFalse(address.EndsWith(":0", StringComparison.Ordinal), log.ToString());
        StringAssert.Contains(log.ToString(), "(loopback only)");
        StringAssert.Contains(log.ToString(), $"Serving 'moons' at POST {address}/models/moons/predict");
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>The drain waits for open connections, so they must be counted (a keep-alive connection stays open after its answer).</summary>
    [TestMethod]
    public async Task OpenConnectionsAreCounted()
    {
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log));
        await app.StartAsync();
        var lifecycle = app.Services.GetRequiredService<MLNetDeep.Serving.Server.ServerLifecycle>();
        using var http = new HttpClient { BaseAddress = new Uri(BoundAddress(log.ToString())) };
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.AreEqual(1, lifecycle.OpenConnections);
    }

    /// <summary>Issue 14 #8: a request body that stalls is answered 408 (problem details), not 500.</summary>
    [TestMethod]
    public async Task AStalledRequestBodyIsAnswered408()
    {
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log));
        await app.StartAsync();
        var uri = new Uri(BoundAddress(log.ToString()));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, uri.Port);
        NetworkStream stream = client.GetStream();
        byte[] head = Encoding.ASCII.GetBytes($"POST /models/moons/predict HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"X1\": ");
        await stream.WriteAsync(head);
        // ...and nothing more: the server's minimum data rate (after the 2 s grace period) is the event this waits for.
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        StringAssert.StartsWith(response, "HTTP/1.1 408", response);
        StringAssert.Contains(response, "application/problem+json");
        StringAssert.Contains(response, "arrived too slowly");
        Assert.DoesNotContain("Prediction with model", log.ToString(), "not logged as a failed prediction");
    }

    /// <summary>Issue 14 #8: a port already in use is one line naming the address, with no stack trace anywhere.</summary>
    [TestMethod]
    public async Task APortInUseIsOneLine()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var log = new StringWriter();
        var e = await Assert.ThrowsExactlyAsync<IOException>(() => ModelServer.ServeAsync(Options($"http://127.0.0.1:{port}", log)));
        StringAssert.Contains(e.Message, $"127.0.0.1:{port}");
        StringAssert.Contains(e.Message, "address already in use");
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("   at ", log.ToString(), "no stack trace in the log either");

        var runLog = new StringWriter();
        Assert.AreEqual(1, await ModelServer.RunAsync(Options($"http://127.0.0.1:{port}", runLog)));
        string[] errors = runLog.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, runLog.ToString());
        Assert.DoesNotContain("   at ", runLog.ToString());
    }

    [GeneratedRegex(@"Listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
