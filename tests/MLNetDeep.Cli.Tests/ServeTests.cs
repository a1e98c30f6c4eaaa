namespace MLNetDeep.Cli.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLNetDeep.Serving.Tests;

[TestClass]
public sealed partial class ServeTests
{
    private static string s_folder = "";
    private static string s_model = "";

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        s_folder = TestData.NewFolder("serve");
        s_model = ServeModels.SaveWeather(s_folder);
    }

    /// <summary>Runs <c>mlnetdeep serve</c> in process with stderr going to <paramref name="log"/> (lines as events).</summary>
    private static Task<int> ServeInProcess(LogLines log, CancellationToken stop, params string[] args) =>
        Task.Run(() => CliApp.Run(["serve", .. args], TextWriter.Null, log, stop));

    private static async Task<string> AddressAsync(LogLines log, Task<int> server)
    {
        Task<string> listening = log.WaitForAsync("Listening on");
        if (await Task.WhenAny(listening, server) != listening)
        {
            Assert.Fail($"the server stopped early ({server.Result}): {log}");
        }

        return ListeningLine().Match(await listening).Groups[1].Value;
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task ServeAnswersPredictionsThenShutsDownCleanlyOnCancellation()
    {
        string keyFile = Path.Combine(s_folder, "key.txt");
        File.WriteAllText(keyFile, "k1\n");
        var log = new LogLines();
        using var stop = new CancellationTokenSource();
        Task<int> server = ServeInProcess(log, stop.Token, "--model", s_model, "--urls", "http://127.0.0.1:0", "--api-key-file", keyFile);
        string address = await AddressAsync(log, server);
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-API-Key", "k1");
        HttpResponseMessage response = await http.PostAsJsonAsync("/models/weather/predict", new { x1 = 55.0, x2 = 0.3, color = "red" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        using (JsonDocument doc = JsonDocument.Parse(body))
        {
            Assert.IsTrue(doc.RootElement.GetProperty("Probability").GetDouble() is >= 0 and <= 1, body);
        }

        using var noKey = new HttpClient { BaseAddress = http.BaseAddress };
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await noKey.GetAsync("/models/weather")).StatusCode);

        stop.Cancel();
        Assert.AreEqual(0, await server.WaitAsync(TimeSpan.FromSeconds(60)), log.ToString());
        StringAssert.Contains(log.ToString(), $"Serving 'weather' at POST {address}/models/weather/predict");
        StringAssert.Contains(log.ToString(), "an API key is required");
        StringAssert.Contains(log.ToString(), "Stopped: every request was answered.");
    }

    [TestMethod]
    public void ServeNamesAMissingModelFileOrAFolder()
    {
        CliRunner.Run("serve", "--model", "nowhere/none.zip").Fails(1, "none.zip", "does not exist");
        CliRunner.Run("serve", "--model", s_folder).Fails(1, "is a folder");
    }

    /// <summary>Issue 14 #3: a typo in --urls, or an address beyond loopback without --allow-remote, is a one-line usage error (exit 2).</summary>
    [TestMethod]
    [DataRow("http://127.0.0.l:38111", "neither an IP address nor 'localhost'")]
    [DataRow("http://locahost:38111", "neither an IP address nor 'localhost'")]
    [DataRow("http://127.0.0.1:notaport", "the port 'notaport' is not a number")]
    [DataRow("http://0.0.0.0:38111", "--allow-remote")]
    [DataRow("http://*:38111", "means every interface")]
    public void TyposInUrlsAreUsageErrors(string urls, string why)
    {
        string error = CliRunner.Run("serve", "--model", s_model, "--urls", urls).Fails(2, why, urls);
        Assert.DoesNotContain("(Parameter", error);
    }

    /// <summary>Issue 14 #8: a port already in use is one line (exit 1), no stack trace.</summary>
    [TestMethod]
    public void APortInUseIsOneLine()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        CliRunner.Run("serve", "--model", s_model, "--urls", $"http://127.0.0.1:{port}").Fails(1, $"127.0.0.1:{port}", "address already in use");
    }

    [TestMethod]
    public void TwoSourcesOfTheApiKeyAreAUsageError()
    {
        string keyFile = Path.Combine(s_folder, "key2.txt");
        File.WriteAllText(keyFile, "k2");
        CliRunner.Run("serve", "--model", s_model, "--api-key", "k1", "--api-key-file", keyFile).Fails(2, "give one");
        File.WriteAllText(Path.Combine(s_folder, "empty.txt"), "\n");
        CliRunner.Run("serve", "--model", s_model, "--api-key-file", Path.Combine(s_folder, "empty.txt")).Fails(2, "first line is empty");
    }

    /// <summary>Issue 14 #8: the API key can come from MLNETDEEP_API_KEY (not only a flag other users see in ps).</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public async Task TheApiKeyCanComeFromTheEnvironment()
    {
        using ChildServer child = ChildServer.Start(new Dictionary<string, string> { ["MLNETDEEP_API_KEY"] = "from-env" }, "--model", s_model, "--urls", "http://127.0.0.1:0");
        string address = await child.AddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await http.GetAsync("/healthz")).StatusCode);
        http.DefaultRequestHeaders.Add("X-API-Key", "from-env");
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        child.Signal("TERM");
        Assert.AreEqual(0, await child.ExitCodeAsync(TimeSpan.FromSeconds(60)), child.Log.ToString());
        StringAssert.Contains(child.Log.ToString(), "the API key comes from MLNETDEEP_API_KEY");
        Assert.DoesNotContain("from-env", child.Log.ToString(), "the key itself is never logged");
    }

    /// <summary>
    /// Issue 14 #6: on SIGTERM or SIGINT under load the server reports not-ready, answers every request it accepted (an
    /// upload in flight included, finished after the listener closed), then exits 0. Clients behave like ones behind a
    /// load balancer: they stop sending once an answer says the server is draining (Connection: close).
    /// </summary>
    [TestMethod]
    [TestCategory("Slow")]
    [DataRow("TERM")]
    [DataRow("INT")]
    public async Task ASignalUnderLoadDrainsWithNoFailedRequestAndExitsZero(string signal)
    {
        using ChildServer child = ChildServer.Start(new Dictionary<string, string>(), "--model", s_model, "--urls", "http://127.0.0.1:0", "--drain-delay", "5", "--shutdown-timeout", "30");
        string address = await child.AddressAsync();
        string json = """{"x1": 55.0, "x2": 0.3, "color": "red"}""";
        var result = await DrainProbe.RunAsync(address, clients: 6, stop: () => child.Signal(signal), child.Log.WaitForAsync("No longer accepting connections"), body: json, model: "weather");
        int code = await child.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.IsEmpty(result.Failures, $"{result.Failures.Count} failed of {result.Answered}: {string.Join(" | ", result.Failures.Take(5))}\n{child.Log}");
        Assert.AreEqual(0, code, child.Log.ToString());
        Assert.IsTrue(result.SawNotReady, "/readyz answered 503 during the drain");
        Assert.IsGreaterThanOrEqualTo(6, result.AnsweredWhileDraining, "every client was answered during the drain");
        Assert.AreEqual(HttpStatusCode.OK, result.NewConnectionAfterNotReady, "while draining, a new connection is still accepted and answered");
        Assert.AreEqual(HttpStatusCode.OK, result.UploadStatus, "the upload in flight when the listener closed was answered");
        StringAssert.Contains(child.Log.ToString(), "Stopped: every request was answered.");
    }

    /// <summary>
    /// A reload of a multiclass model finishes on a thread pool of one worker. Loading it builds ML.NET's ValueMapping,
    /// whose BinarySaver waits on a completion that runs as a pool work item; a reload that held the only worker while it
    /// waited hung for ever (docs/reliability.md), so reloads run on a thread of their own.
    /// </summary>
    [TestMethod]
    [TestCategory("Slow")]
    public async Task AMulticlassReloadFinishesOnAThreadPoolOfOneWorker()
    {
        string dir = TestData.NewFolder("serve-reload-one-worker");
        string data = TestData.Multiclass(dir);
        string first = Path.Combine(dir, "first.zip"), second = Path.Combine(dir, "second.zip"), served = Path.Combine(dir, "iris.zip");
        CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", first, "--hidden", "4", "--epochs", "2").Ok();
        CliRunner.Run("train", "--data", data, "--label", "species", "--task", "multiclass", "--model", second, "--hidden", "6", "--epochs", "2").Ok();
        File.Copy(first, served);

        using ChildServer child = ChildServer.Start(
            new Dictionary<string, string> { ["DOTNET_ThreadPool_ForceMaxWorkerThreads"] = "1" }, "--model", served, "--urls", "http://127.0.0.1:0");
        string address = await child.AddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        Task<string> reloaded = child.Log.WaitForAsync("generation 2 loaded");
        File.Copy(second, served + ".tmp");
        File.Move(served + ".tmp", served, overwrite: true);

        await reloaded.WaitAsync(TimeSpan.FromSeconds(90)); // throws TimeoutException if the reload hangs
        using JsonDocument models = JsonDocument.Parse(await http.GetStringAsync("/models"));
        Assert.AreEqual(2, models.RootElement.GetProperty("models").EnumerateArray().Single().GetProperty("generation").GetInt64(), models.RootElement.ToString());
        HttpResponseMessage answer = await http.PostAsync("/models/iris/predict", JsonContent.Create(new { a = 3.0, b = -2.0 }));
        Assert.AreEqual(HttpStatusCode.OK, answer.StatusCode, await answer.Content.ReadAsStringAsync());
        StringAssert.Contains(await answer.Content.ReadAsStringAsync(), "PredictedLabel");
        child.Signal("TERM");
        Assert.AreEqual(0, await child.ExitCodeAsync(TimeSpan.FromSeconds(60)), child.Log.ToString());
    }

    [GeneratedRegex(@"Listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
