namespace MLNetDeep.Serving.Tests;

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MLNetDeep.Serving.Http;
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

    /// <summary>
    /// The body limit counts the body's bytes, not the chunked framing around them (Kestrel's own limit counts each chunk's
    /// size line and CRLF: 7-byte chunks made a body of 58% of the limit a 413).
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(1000)]
    public async Task AChunkedBodyIsLimitedByItsPayloadWhateverTheChunks(int chunk)
    {
        const int Limit = 4000;
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log) with { MaxRequestBodyBytes = Limit });
        await app.StartAsync();
        var uri = new Uri(BoundAddress(log.ToString()));

        string atLimit = await PostChunkedAsync(uri, """{"X1": 0.5, "X2": -0.25}""".PadRight(Limit), chunk);
        StringAssert.StartsWith(atLimit, "HTTP/1.1 200", atLimit);
        StringAssert.Contains(atLimit, "\"Score\"");

        string overLimit = await PostChunkedAsync(uri, """{"X1": 0.5, "X2": -0.25}""".PadRight(Limit + 1), chunk);
        StringAssert.StartsWith(overLimit, "HTTP/1.1 413", overLimit);
        StringAssert.Contains(overLimit, $"limit of {Limit} bytes");
    }

    /// <summary>
    /// With Kestrel's limit lifted for chunked bodies, the server's own count is what stops one: a body that goes on past
    /// the limit (here it never ends) is answered 413 once the limit is passed, not read without end.
    /// </summary>
    [TestMethod]
    public async Task AChunkedBodyThatNeverEndsIsAnswered413AtTheLimit()
    {
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log) with { MaxRequestBodyBytes = 4000 });
        await app.StartAsync();
        var uri = new Uri(BoundAddress(log.ToString()));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, uri.Port);
        NetworkStream stream = client.GetStream();
        string chunk = "400\r\n" + new string(' ', 1024) + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /models/moons/predict HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n"
            + string.Concat(Enumerable.Repeat(chunk, 5)))); // 5121 bytes so far, and no last chunk
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string status = (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)))!;
        StringAssert.StartsWith(status, "HTTP/1.1 413", status);
        string? line;
        while ((line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null && !line.Contains("limit of 4000 bytes", StringComparison.Ordinal))
        {
        }

        Assert.IsNotNull(line, "the problem details name the limit");
    }

    /// <summary>
    /// A Content-Length is only announced: clients announcing a body of the whole limit (1 MiB) and sending nothing make
    /// the server hold its first buffer each (16 KiB), where it rented 1 MiB each (ArrayPool's own events show what was
    /// rented); once sent, the bodies are read whole.
    /// </summary>
    [TestMethod]
    [DoNotParallelize] // the pool's events are the whole process's
    public async Task AnAnnouncedContentLengthIsNotRentedBeforeTheBodyArrives()
    {
        const int Clients = 4, Announced = 1 << 20;
        var log = new StringWriter();
        await using WebApplication app = ModelServer.CreateApplication(Options("http://127.0.0.1:0", log)); // the limit: 1 MiB
        await app.StartAsync();
        var uri = new Uri(BoundAddress(log.ToString()));
        using var rents = new PoolRents();
        var connections = new List<(TcpClient Client, StreamReader Reader)>();
        try
        {
            for (int i = 0; i < Clients; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, uri.Port);
                var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                connections.Add((client, reader));
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                    $"POST /models/moons/predict HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {Announced}\r\nExpect: 100-continue\r\n\r\n"));
                // Kestrel answers 100 Continue once the server reads the body, which it does after renting the buffer.
                Assert.AreEqual("HTTP/1.1 100 Continue", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.AreEqual("", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            }

            int[] sizes = rents.Sizes;
            Assert.IsFalse(sizes.Any(size => size > RequestBody.FirstBuffer), "rented before the bodies came: " + string.Join(", ", sizes.Where(size => size > RequestBody.FirstBuffer)));
            Assert.IsGreaterThanOrEqualTo(Clients, sizes.Count(size => size == RequestBody.FirstBuffer), "one first buffer per client: " + string.Join(", ", sizes));

            byte[] body = Encoding.ASCII.GetBytes("""{"X1": 0.5, "X2": -0.25}""".PadRight(Announced));
            foreach ((TcpClient client, StreamReader reader) in connections)
            {
                await client.GetStream().WriteAsync(body);
                string status = (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)))!;
                StringAssert.StartsWith(status, "HTTP/1.1 200", status);
            }
        }
        finally
        {
            connections.ForEach(c => c.Client.Dispose());
        }
    }

    /// <summary>The sizes of the arrays <see cref="System.Buffers.ArrayPool{T}"/> hands out while this listens (its BufferRented events).</summary>
    private sealed class PoolRents : EventListener
    {
        private readonly ConcurrentQueue<int> _sizes = new();

        public int[] Sizes => [.. _sizes];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Buffers.ArrayPoolEventSource")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "BufferRented")
            {
                _sizes.Enqueue((int)eventData.Payload![1]!);
            }
        }
    }

    /// <summary>Sends <paramref name="body"/> (ASCII) in chunks of <paramref name="chunk"/> bytes on a new connection; the whole response.</summary>
    private static async Task<string> PostChunkedAsync(Uri uri, string body, int chunk)
    {
        var wire = new StringBuilder($"POST /models/moons/predict HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < body.Length; i += chunk)
        {
            string piece = body.Substring(i, Math.Min(chunk, body.Length - i));
            wire.Append($"{piece.Length:x}\r\n{piece}\r\n");
        }

        wire.Append("0\r\n\r\n");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, uri.Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(wire.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
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
