namespace MLNetDeep.Serving.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class PredictEndpointTests
{
    private static TempFolder s_folder = null!;
    private static WebApplication s_app = null!;
    private static HttpClient s_client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        s_folder = new TempFolder();
        SavePoint(1, s_folder.File("moons.zip"));
        SaveVector(2, s_folder.File("vector.zip"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPredictionPool<Point, Prediction>().FromFile("moons", s_folder.File("moons.zip"), watchForChanges: false);
        builder.Services.AddPredictionPool<VectorPoint, Prediction>().FromFile(s_folder.File("vector.zip"), watchForChanges: false);
        s_app = builder.Build();
        s_app.MapPredict<Point, Prediction>("/predict/{modelName}", options: new PredictEndpointOptions { MaxRequestBodyBytes = 4096, MaxJsonDepth = 8 });
        s_app.MapPredict<VectorPoint, Prediction>("/vector", modelName: "");
        await s_app.StartAsync();
        s_client = s_app.GetTestClient();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        s_client.Dispose();
        await s_app.DisposeAsync();
        s_folder.Dispose();
    }

    private static Task<HttpResponseMessage> PostAsync(string url, string json) =>
        s_client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static PredictionPool<Point, Prediction> Pool => s_app.Services.GetRequiredService<PredictionPool<Point, Prediction>>();

    [TestMethod]
    public async Task OneRowGetsThePoolsPrediction()
    {
        HttpResponseMessage response = await PostAsync("/predict/moons", """{"X1": 0.5, "X2": -0.25}""");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var p = (await response.Content.ReadFromJsonAsync<Prediction>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        Prediction expected = Pool.Predict("moons", new Point { X1 = 0.5f, X2 = -0.25f });
        Assert.AreEqual(expected.Score, p.Score);
        Assert.AreEqual(expected.Probability, p.Probability);
        Assert.AreEqual(expected.PredictedLabel, p.PredictedLabel);
    }

    [TestMethod]
    public async Task AnArrayGetsAnArrayInOrderAndFieldNamesIgnoreCase()
    {
        HttpResponseMessage response = await PostAsync("/predict/moons", """[{"X1": 1, "X2": 0}, {"x1": -1, "x2": 0.5, "Label": true}, {"X1": 0.2, "X2": 0.3, "extra": "ignored"}]""");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var p = (await response.Content.ReadFromJsonAsync<Prediction[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        Assert.HasCount(3, p);
        Assert.AreEqual(Pool.Predict("moons", new Point { X1 = 1, X2 = 0 }).Score, p[0].Score);
        Assert.AreEqual(Pool.Predict("moons", new Point { X1 = -1, X2 = 0.5f }).Score, p[1].Score);
        Assert.AreEqual(Pool.Predict("moons", new Point { X1 = 0.2f, X2 = 0.3f }).Score, p[2].Score);
    }

    [TestMethod]
    public async Task MalformedJsonIs400()
    {
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 0.5, "X2": """), HttpStatusCode.BadRequest, "not valid JSON");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", ""), HttpStatusCode.BadRequest, "not valid JSON");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", "42"), HttpStatusCode.BadRequest, "JSON object");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", "[]"), HttpStatusCode.BadRequest, "from 1 to 1000 rows");
    }

    [TestMethod]
    public async Task AWrongTypeIs400NamingTheField()
    {
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": "0.5", "X2": 1}"""), HttpStatusCode.BadRequest, "'X1' must be a number (Single); got a string", "X1");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 0.5, "X2": true}"""), HttpStatusCode.BadRequest, "'X2' must be a number", "X2");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 0.5, "X2": 1, "Label": 3}"""), HttpStatusCode.BadRequest, "'Label' must be true or false", "Label");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 1e300, "X2": 1}"""), HttpStatusCode.BadRequest, "out of the range of Single", "X1");
    }

    /// <summary>Bug bash (typed endpoint): invalid UTF-8 was a 500, a duplicated field was answered from the last one, a vector item out of range did not show the value.</summary>
    [TestMethod]
    public async Task InvalidUtf8AndDuplicateFieldsAre400()
    {
        await ProblemAssert.IsProblemAsync(await s_client.PostAsync("/predict/moons", new ByteArrayContent([.. "{\"X1\": 1, \"X2\": 1, \""u8, 0xC0, 0xAF, .. "\": 1}"u8])),
            HttpStatusCode.BadRequest, "not valid UTF-8: the byte 0xC0 at offset 20");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 1, "X2": 1, "x2": 3}"""), HttpStatusCode.BadRequest, "Fields 'X2' and 'x2' both give the column 'X2'", "X2");
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": [0.5, 1e39]}"""), HttpStatusCode.BadRequest, "'Features[1]' must be a finite number (Single); got a number (1e39)", "Features[1]");
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync("/predict/moons", """{"X1": 1, "X2": 1, "Label": null}""")).StatusCode, "null for the label the prediction does not need");
    }

    [TestMethod]
    public async Task AMissingFieldIs400NamingItAndTheRow()
    {
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": 0.5}"""), HttpStatusCode.BadRequest, "'X2' is required", "X2");
        JsonElement p = await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """[{"X1": 0.5, "X2": 1}, {"X2": 1}]"""), HttpStatusCode.BadRequest, "Row 1: Field 'X1' is required", "X1");
        Assert.AreEqual(1, p.GetProperty("row").GetInt32());
    }

    [TestMethod]
    public async Task AVectorOfTheWrongLengthIs400()
    {
        HttpResponseMessage ok = await PostAsync("/vector", """{"Features": [0.5, -0.25]}""");
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode, await ok.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": [0.5, -0.25, 1]}"""), HttpStatusCode.BadRequest, "'Features' must be an array of 2 numbers; got 3", "Features");
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": 0.5}"""), HttpStatusCode.BadRequest, "must be an array of 2 numbers", "Features");
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": [0.5, "x"]}"""), HttpStatusCode.BadRequest, "'Features[1]' must be a finite number", "Features[1]");
    }

    /// <summary>
    /// The rows are read token by token from the body's bytes (no JsonDocument): a field that names no column is skipped
    /// whole however it nests (a "Features" inside it is not the column), escaped names still match, a refused value is
    /// shown as sent, and a vector with a bad item and the wrong length is still refused for its length first.
    /// </summary>
    [TestMethod]
    public async Task RowsReadTokenByTokenSkipUnknownFieldsWholeAndKeepEveryError()
    {
        HttpResponseMessage plain = await PostAsync("/vector", """{"Features": [0.5, -0.25]}""");
        HttpResponseMessage nested = await PostAsync("/vector", """{"extra": {"Features": [9, 9, 9], "x": [[1], {"y": null}]}, "Fe\u0061tures": [0.5, -0.25], "more": [{"Features": 1}]}""");
        Assert.AreEqual(HttpStatusCode.OK, nested.StatusCode, await nested.Content.ReadAsStringAsync());
        Assert.AreEqual(await plain.Content.ReadAsStringAsync(), await nested.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": [0.5, "x", 1]}"""), HttpStatusCode.BadRequest, "'Features' must be an array of 2 numbers; got 3", "Features");
        await ProblemAssert.IsProblemAsync(await PostAsync("/vector", """{"Features": [{"a": [1, 2]}, 0.5]}"""), HttpStatusCode.BadRequest, "'Features[0]' must be a finite number (Single); got an object", "Features[0]");
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """{"X1": "\u0030.5", "X2": 1}"""), HttpStatusCode.BadRequest, "got a string (\"\\u0030.5\")", "X1");
        JsonElement p = await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", """[{"X1": 1, "X2": 1}, [1, 2]]"""), HttpStatusCode.BadRequest,
            "Row 1: A row must be a JSON object keyed by input column names; got an array");
        Assert.AreEqual(1, p.GetProperty("row").GetInt32());
    }

    /// <summary>A body sent without a Content-Length that outgrows the first buffer is read whole (the pooled buffer grows).</summary>
    [TestMethod]
    public async Task AChunkedBodyLargerThanTheFirstBufferIsReadWhole()
    {
        byte[] body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 150).Select(i => $$"""{"X1": {{i % 7}}, "X2": 0.5}""")) + "]");
        Assert.IsGreaterThan(3000, body.Length);
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict/moons") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        HttpResponseMessage response = await s_client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var p = (await response.Content.ReadFromJsonAsync<Prediction[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        Assert.HasCount(150, p);
        Assert.AreEqual(Pool.Predict("moons", new Point { X1 = 149 % 7, X2 = 0.5f }).Score, p[149].Score);
    }

    /// <summary>Issue 14 #1 (typed endpoint): a NaN score is answered 200 with null numbers, not a failed response.</summary>
    [TestMethod]
    public async Task ANaNScoreIsAnsweredWithNullNumbersNotAFailure()
    {
        Point point = Overflowing(s_folder.File("moons.zip"));
        Assert.IsTrue(float.IsNaN(Pool.Predict("moons", point).Score), "precondition: this input overflows the network to a NaN score");
        HttpResponseMessage response = await PostAsync("/predict/moons", JsonSerializer.Serialize(new { point.X1, point.X2 }));
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        JsonElement row = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("score").ValueKind, body);
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("probability").ValueKind, body);
    }

    /// <summary>
    /// A request that reaches MapPredict after its pool was disposed (the host is stopping) gets the model server's
    /// answer, a 503 problem saying so, not a 500 (both endpoints share one request pipeline).
    /// </summary>
    [TestMethod]
    public async Task ARequestWhileThePoolIsDisposedIs503()
    {
        using var folder = new TempFolder();
        SavePoint(1, folder.File("moons.zip"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPredictionPool<Point, Prediction>().FromFile("moons", folder.File("moons.zip"), watchForChanges: false);
        await using WebApplication app = builder.Build();
        app.MapPredict<Point, Prediction>("/predict/{modelName}");
        await app.StartAsync();
        using HttpClient client = app.GetTestClient();
        app.Services.GetRequiredService<PredictionPool<Point, Prediction>>().Dispose();
        HttpResponseMessage response = await client.PostAsync("/predict/moons", new StringContent("""{"X1": 0.5, "X2": -0.25}""", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "shutting down");
        await app.StopAsync();
    }

    [TestMethod]
    public async Task AnUnknownModelIs404()
    {
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/nope", """{"X1": 0.5, "X2": 1}"""), HttpStatusCode.NotFound, "No model named 'nope'. Models: 'moons'");
    }

    [TestMethod]
    public async Task ABodyOverTheLimitIs413()
    {
        string big = "[" + string.Join(",", Enumerable.Repeat("""{"X1": 0.5, "X2": 1}""", 400)) + "]";
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", big), HttpStatusCode.RequestEntityTooLarge, "limit of 4096 bytes");

        // Without a Content-Length (chunked), the limit is enforced while reading.
        var chunked = new StringContent(big, Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict/moons") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblemAsync(await s_client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "limit of 4096 bytes");
    }

    [TestMethod]
    public async Task DeeplyNestedJsonIs400()
    {
        string deep = new string('[', 50) + new string(']', 50);
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", deep), HttpStatusCode.BadRequest, "deeper than the limit of 8");
        string deepField = """{"X1": 1, "X2": 2, "extra": """ + new string('[', 20) + new string(']', 20) + "}";
        await ProblemAssert.IsProblemAsync(await PostAsync("/predict/moons", deepField), HttpStatusCode.BadRequest, "deeper than the limit of 8");
    }
}
