namespace MLNetDeep.Serving.Tests;

using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using MLNetDeep.Legacy.Model;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class ModelServerTests
{
    private static TempFolder s_folder = null!;
    private static ITransformer s_moons = null!;

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        s_folder = new TempFolder();
        s_moons = SavePoint(3, s_folder.File("moons.zip"));
        SaveMulticlass(4, s_folder.File("blobs.zip"));
    }

    [ClassCleanup]
    public static void Cleanup() => s_folder.Dispose();

    private static async Task<WebApplication> StartAsync(string? apiKey = null, string moonsName = "moons")
    {
        var options = new ModelServerOptions
        {
            Models = new Dictionary<string, string> { [moonsName] = s_folder.File("moons.zip"), ["blobs"] = s_folder.File("blobs.zip") },
            ApiKey = apiKey,
            MaxRequestBodyBytes = 2048,
            WatchForChanges = false,
        };
        WebApplication app = ModelServer.CreateApplication(options, b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.ClearProviders();
        });
        await app.StartAsync();
        return app;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [TestMethod]
    public async Task PredictsOutputColumnsFromInputColumnNames()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        HttpResponseMessage response = await client.PostAsync("/models/moons/predict", Json("""{"X1": 0.5, "X2": -0.25}"""));
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        JsonElement row = JsonDocument.Parse(body).RootElement;
        var engine = new DeepContext().Model.CreatePredictionEngine<Point, Prediction>(s_moons);
        Prediction expected = engine.Predict(new Point { X1 = 0.5f, X2 = -0.25f });
        Assert.AreEqual(expected.Score, row.GetProperty("Score").GetSingle());
        Assert.AreEqual(expected.Probability, row.GetProperty("Probability").GetSingle());
        Assert.AreEqual(expected.PredictedLabel, row.GetProperty("PredictedLabel").GetBoolean());
        Assert.AreEqual(2, row.GetProperty("Features").GetArrayLength(), "non-input columns (the concatenated features) are returned too");
        Assert.IsFalse(row.TryGetProperty("X1", out _), "input columns are not echoed");

        HttpResponseMessage many = await client.PostAsync("/models/blobs/predict", Json("""[{"X1": 0, "X2": 0}, {"X1": 5, "X2": 5}]"""));
        string manyBody = await many.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, many.StatusCode, manyBody);
        JsonElement rows = JsonDocument.Parse(manyBody).RootElement;
        Assert.AreEqual(2, rows.GetArrayLength());
        foreach (JsonElement r in rows.EnumerateArray())
        {
            Assert.AreEqual(3, r.GetProperty("Score").GetArrayLength());
            Assert.IsTrue(r.GetProperty("PredictedLabel").GetUInt32() is >= 1 and <= 3, manyBody);
        }
    }

    [TestMethod]
    public async Task ErrorsAreProblemDetails()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 0.5""")), HttpStatusCode.BadRequest, "not valid JSON");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": true, "X2": 1}""")), HttpStatusCode.BadRequest, "'X1' must be a number", "X1");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 1}""")), HttpStatusCode.BadRequest, "'X2' is required", "X2");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/nope/predict", Json("""{"X1": 1}""")), HttpStatusCode.NotFound, "No model named 'nope'");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/models/nope"), HttpStatusCode.NotFound, "No model named 'nope'");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json(new string(' ', 3000) + "{}")), HttpStatusCode.RequestEntityTooLarge, "2048 bytes");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json(new string('[', 40) + new string(']', 40))), HttpStatusCode.BadRequest, "deeper than the limit of 16");
    }

    [TestMethod]
    public async Task MetadataHoldsSchemaOutputsVersionAndTrainingMetrics()
    {
        await using WebApplication app = await StartAsync();
        string body = await app.GetTestClient().GetStringAsync("/models/moons");
        JsonElement m = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual("moons", m.GetProperty("name").GetString());
        Assert.AreEqual(1, m.GetProperty("formatVersion").GetInt32());
        Assert.AreEqual(1, m.GetProperty("generation").GetInt64());
        Assert.AreEqual(0.9, m.GetProperty("metadata").GetProperty("trainingMetrics").GetProperty("accuracy").GetDouble());
        var inputs = m.GetProperty("inputSchema").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.AreEqual("Single", inputs["X1"].GetProperty("type").GetString());
        Assert.IsTrue(inputs["X1"].GetProperty("required").GetBoolean());
        Assert.IsFalse(inputs["Label"].GetProperty("required").GetBoolean(), "the label is not needed to predict");
        string[] outputs = m.GetProperty("outputColumns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEquivalent(new[] { "Features", "Score", "Probability", "PredictedLabel" }, outputs);
        StringAssert.Contains(await app.GetTestClient().GetStringAsync("/models"), "\"blobs\"");
    }

    [TestMethod]
    public async Task HealthAndReadiness()
    {
        WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        HttpResponseMessage ready = await client.GetAsync("/readyz");
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
        StringAssert.Contains(await ready.Content.ReadAsStringAsync(), "\"moons\"");
        app.Lifetime.StopApplication(); // readiness goes first, so a balancer stops sending before the drain
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        await app.DisposeAsync();
    }

    [TestMethod]
    public async Task WithAnApiKeyEveryRequestMustCarryIt()
    {
        await using WebApplication app = await StartAsync(apiKey: "s3cret");
        HttpClient client = app.GetTestClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/models/moons"), HttpStatusCode.Unauthorized, "X-API-Key");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1}""")), HttpStatusCode.Unauthorized, "X-API-Key");
        client.DefaultRequestHeaders.Add("X-API-Key", "s3cret!");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/healthz"), HttpStatusCode.Unauthorized, "X-API-Key");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        client.DefaultRequestHeaders.Add("X-API-Key", "s3cret");
        Assert.AreEqual(HttpStatusCode.OK, (await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1}"""))).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [TestMethod]
    public async Task RequestsAreCountedAndTimedByModelAndStatus()
    {
        var counts = new Dictionary<string, long>();
        int durations = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "MLNetDeep.Serving")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name != "mlnetdeep.serving.requests")
            {
                return;
            }

            var t = tags.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value);
            if (t["model"] is "metered" or "metered-nope")
            {
                lock (counts)
                {
                    string key = $"{t["model"]}/{t["status"]}";
                    counts[key] = counts.GetValueOrDefault(key) + value;
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "mlnetdeep.serving.request.duration")
            {
                Assert.IsGreaterThanOrEqualTo(0.0, value);
                Interlocked.Increment(ref durations);
            }
        });
        listener.Start();

        await using WebApplication app = await StartAsync(moonsName: "metered");
        HttpClient client = app.GetTestClient();
        await client.PostAsync("/models/metered/predict", Json("""{"X1": 1, "X2": 1}"""));
        await client.PostAsync("/models/metered/predict", Json("""{"X1": 1, "X2": 1}"""));
        await client.PostAsync("/models/metered/predict", Json("""{"X1": 1}"""));
        await client.PostAsync("/models/metered-nope/predict", Json("""{"X1": 1}"""));
        lock (counts)
        {
            Assert.AreEqual(2, counts.GetValueOrDefault("metered/200"));
            Assert.AreEqual(1, counts.GetValueOrDefault("metered/400"));
            Assert.AreEqual(1, counts.GetValueOrDefault("metered-nope/404"));
        }

        Assert.IsGreaterThanOrEqualTo(4, durations);
    }

    [TestMethod]
    public async Task RunAsyncReportsAMissingModelWithExitCode1()
    {
        int code = await ModelServer.RunAsync(new ModelServerOptions { Models = new Dictionary<string, string> { ["x"] = s_folder.File("missing.zip") } });
        Assert.AreEqual(1, code);
        Assert.AreEqual(2, await ModelServer.RunAsync(new ModelServerOptions()));
    }
}
