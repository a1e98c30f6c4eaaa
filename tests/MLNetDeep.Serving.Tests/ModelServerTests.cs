namespace MLNetDeep.Serving.Tests;

using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class ModelServerTests
{
    private static TempFolder s_folder = null!;

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        s_folder = new TempFolder();
        SavePoint(3, s_folder.File("moons.zip"));
        SaveMulticlass(4, s_folder.File("blobs.zip"));
        SaveFastTree(5, s_folder.File("trees.zip"));
    }

    [ClassCleanup]
    public static void Cleanup() => s_folder.Dispose();

    private static ModelServerOptions Options(string? apiKey = null, string moonsName = "moons", TextWriter? log = null, bool logRequests = false) => new()
    {
        Models = new Dictionary<string, string> { [moonsName] = s_folder.File("moons.zip"), ["blobs"] = s_folder.File("blobs.zip"), ["trees"] = s_folder.File("trees.zip") },
        ApiKey = apiKey,
        MaxRequestBodyBytes = 2048,
        WatchForChanges = false,
        LogWriter = log ?? TextWriter.Null,
        LogRequests = logRequests,
    };

    private static async Task<WebApplication> StartAsync(ModelServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplication app = ModelServer.CreateApplication(options, b =>
        {
            b.WebHost.UseTestServer();
            configure?.Invoke(b);
        });
        await app.StartAsync();
        return app;
    }

    private static Task<WebApplication> StartAsync(string? apiKey = null, string moonsName = "moons") => StartAsync(Options(apiKey, moonsName));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string url, string json)
    {
        HttpResponseMessage response = await client.PostAsync(url, Json(json));
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [TestMethod]
    public async Task PredictsOutputColumnsFromInputColumnNames()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        JsonElement row = await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25}""");
        Prediction expected = PredictWithEngine(s_folder.File("moons.zip"), new Point { X1 = 0.5f, X2 = -0.25f });
        Assert.AreEqual(expected.Score, row.GetProperty("Score").GetSingle());
        Assert.AreEqual(expected.Probability, row.GetProperty("Probability").GetSingle());
        Assert.AreEqual(expected.PredictedLabel, row.GetProperty("PredictedLabel").GetBoolean());
        Assert.IsFalse(row.TryGetProperty("Features", out _), "the network's input vector (an intermediate of the pipeline) is not answered");
        Assert.IsFalse(row.TryGetProperty("X1", out _), "input columns are not echoed");
        Assert.IsFalse(row.TryGetProperty("warnings", out _), "no warnings for a finite score");

        JsonElement rows = await PostOkAsync(client, "/models/blobs/predict", """[{"X1": 0, "X2": 0}, {"X1": 5, "X2": 5}]""");
        Assert.AreEqual(2, rows.GetArrayLength());
        float[][] points = [[0, 0], [5, 5]];
        for (int i = 0; i < points.Length; i++)
        {
            JsonElement r = rows[i];
            var (key, score) = PredictClassWithEngine(s_folder.File("blobs.zip"), points[i][0], points[i][1]);
            CollectionAssert.AreEqual(score, r.GetProperty("Score").EnumerateArray().Select(v => v.GetSingle()).ToArray());
            // The key ML.NET's own engine gives, written as the class it stands for (null for the missing key, with a warning).
            Assert.AreEqual(key == 0 ? null : ClassNames[key - 1], r.GetProperty("PredictedLabel").GetString(), r.ToString());
        }

        Assert.AreEqual(ClassNames[Array.IndexOf(PredictClassWithEngine(s_folder.File("blobs.zip"), 5, 5).Score, PredictClassWithEngine(s_folder.File("blobs.zip"), 5, 5).Score.Max())],
            rows[1].GetProperty("PredictedLabel").GetString(), "the class with the highest probability, by name");
    }

    /// <summary>Issue 12: the server takes any ML.NET model zip; this one was made by plain ML.NET with FastTree.</summary>
    [TestMethod]
    public async Task ServesAModelMadeByAnotherMLNetTrainerAndSaysWhatItCannotShow()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        JsonElement row = await PostOkAsync(client, "/models/trees/predict", """{"X1": 0.5, "X2": -0.25}""");
        Prediction expected = PredictWithEngine(s_folder.File("trees.zip"), new Point { X1 = 0.5f, X2 = -0.25f });
        Assert.AreEqual(expected.Score, row.GetProperty("Score").GetSingle());
        Assert.AreEqual(expected.Probability, row.GetProperty("Probability").GetSingle());
        Assert.AreEqual(expected.PredictedLabel, row.GetProperty("PredictedLabel").GetBoolean());

        JsonElement m = JsonDocument.Parse(await client.GetStringAsync("/models/trees")).RootElement;
        Assert.AreEqual(JsonValueKind.Null, m.GetProperty("trainingRecord").ValueKind);
        StringAssert.Contains(m.GetProperty("notShown").GetString(), "does not store the trainer's options, its training history or its metrics");
        StringAssert.Contains(string.Join(" ", m.GetProperty("pipeline").EnumerateArray().Select(s => s.GetString())), "FastTreeBinaryModelParameters");
        string[] outputs = m.GetProperty("outputColumns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEquivalent(new[] { "Score", "Probability", "PredictedLabel" }, outputs, "the trainer's outputs, not the Features its pipeline computed before it");
        CollectionAssert.AreEquivalent(outputs, row.EnumerateObject().Select(p => p.Name).ToArray(), "the answer holds the listed columns");
    }

    /// <summary>
    /// Bug bash: for a model from plain ML.NET the server answered every column the pipeline computed (a converted
    /// input <c>x2f</c>, <c>Features</c>) beside the prediction. Now it answers what the trainer's step and the steps after
    /// it make: the trainer's outputs (found by ML.NET's annotations when renamed) and a final <c>MapKeyToValue</c>'s
    /// class names; <c>GET /models/{name}</c> lists the same columns.
    /// </summary>
    [TestMethod]
    public async Task AForeignModelIsAnsweredWithItsTrainersOutputsAndWhatFollowsNotItsIntermediateColumns()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(150, 1).Select(p => new { p.X1, p.X2, Cls = p.X1 > 0.5f ? "east" : "west" }));
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Cls")
            .Append(ml.Transforms.Conversion.ConvertType("x2f", "X2", Microsoft.ML.Data.DataKind.Double))
            .Append(ml.Transforms.Conversion.ConvertType("x2s", "x2f", Microsoft.ML.Data.DataKind.Single))
            .Append(ml.Transforms.Concatenate("Features", "X1", "x2s"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.CopyColumns("Scores", "Score"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data), data.Schema, folder.File("sdca.zip"));
        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["sdca"] = folder.File("sdca.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        JsonElement row = await PostOkAsync(client, "/models/sdca/predict", """{"X1": 1.5, "X2": 0}""");
        string[] expected = ["Score", "Scores", "PredictedLabel"];
        CollectionAssert.AreEquivalent(expected, row.EnumerateObject().Select(p => p.Name).ToArray(), row.ToString());
        Assert.AreEqual("east", row.GetProperty("PredictedLabel").GetString(), "the class name the final MapKeyToValue makes");
        JsonElement m = JsonDocument.Parse(await client.GetStringAsync("/models/sdca")).RootElement;
        CollectionAssert.AreEquivalent(expected, m.GetProperty("outputColumns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());
    }

    /// <summary>
    /// A multiclass model of plain ML.NET whose classes are numbers (keyed in order of first appearance, 30, 10, 20) has
    /// no slot names on its Score; the description still says which class each score is, from ML.NET's TrainingLabelValues.
    /// </summary>
    [TestMethod]
    public async Task AMulticlassScoreOfNumericClassesIsDescribedByItsClassesInKeyOrder()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 90).Select(i => new { X1 = (float)(i % 3), X2 = (float)(i % 7), Class = new[] { 30, 10, 20 }[i % 3] }));
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label", "Class").Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data),
            data.Schema, folder.File("numbers.zip"));
        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["numbers"] = folder.File("numbers.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        JsonElement m = JsonDocument.Parse(await client.GetStringAsync("/models/numbers")).RootElement;
        JsonElement score = m.GetProperty("outputColumns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Score");
        CollectionAssert.AreEqual(new[] { "30", "10", "20" }, score.GetProperty("slotNames").EnumerateArray().Select(v => v.GetString()).ToArray());
        JsonElement row = await PostOkAsync(client, "/models/numbers/predict", """{"X1": 1, "X2": 2}""");
        float[] scores = row.GetProperty("Score").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.AreEqual(10, row.GetProperty("PredictedLabel").GetInt32());
        Assert.AreEqual(1, Array.IndexOf(scores, scores.Max()), "class 10 is the second slot, as the description says");
    }

    /// <summary>
    /// A model continued from another (the babysitting loop): GET /models/{name} says how many epochs came before this
    /// run (training.earlierEpochs, and the summary line), next to this run's epochs, best and model epoch. Before, the
    /// training summary read as a 2-epoch model; only trainingRecord.earlierRuns told otherwise.
    /// </summary>
    [TestMethod]
    public async Task A_continued_models_metadata_says_how_many_epochs_came_before_its_run()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        ITransformer first = TrainPoint(1, out DataViewSchema schema);
        using var disposeFirst = (IDisposable)first;
        ITransformer[] prefix = [.. ((IEnumerable<ITransformer>)first).SkipLast(1)]; // the Concatenate before the network
        IDataView data = prefix.Aggregate(ml.Data.LoadFromEnumerable(Moons(200, 1)), (d, t) => t.Transform(d));
        var trainer = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, LearningRate = 0.001f });
        using (Microsoft.ML.Data.TransformerChain<ITransformer> continued = trainer.Fit(data, ml.Model.GetFeedForwardPredictionTransformer(first)))
        {
            ml.Model.Save(new Microsoft.ML.Data.TransformerChain<ITransformer>([.. prefix, continued]), schema, folder.File("continued.zip"));
        }

        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["continued"] = folder.File("continued.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        JsonElement training = JsonDocument.Parse(await app.GetTestClient().GetStringAsync("/models/continued")).RootElement.GetProperty("training");
        Assert.AreEqual(2, training.GetProperty("epochs").GetInt32());
        Assert.AreEqual(3, training.GetProperty("earlierEpochs").GetInt32());
        StringAssert.EndsWith(training.GetProperty("summary").GetString(), "2 epochs, continued after 3 earlier epochs");
    }

    /// <summary>
    /// A model whose label preparation is inside its pipeline (as <c>mlnetdeep train</c> saves one: the raw label is an input
    /// column, mapped to a key and to the Boolean label): a request without the label is answered with the prediction only,
    /// not with the label's key or the network's input vector, and the schema says the label is not required.
    /// </summary>
    [TestMethod]
    public async Task AModelThatMapsItsOwnLabelNeedsNoLabelAndAnswersOnlyThePrediction()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(120, 1).Select(p => new { p.X1, p.X2, Label = p.Label ? "yes" : "no" }));
        using (var model = (IDisposable)ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "Label")
            .Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2 }))
            .Fit(data))
        {
            ml.Model.Save((ITransformer)model, data.Schema, folder.File("labelled.zip"));
        }

        var options = new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["labelled"] = folder.File("labelled.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        };
        await using WebApplication app = await StartAsync(options);
        HttpClient client = app.GetTestClient();
        JsonElement row = await PostOkAsync(client, "/models/labelled/predict", """{"X1": 0.5, "X2": -0.25}""");
        CollectionAssert.AreEquivalent(new[] { "Score", "Probability", "PredictedLabel" }, row.EnumerateObject().Select(p => p.Name).ToArray(), row.ToString());
        JsonElement m = JsonDocument.Parse(await client.GetStringAsync("/models/labelled")).RootElement;
        var inputs = m.GetProperty("inputSchema").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("required").GetBoolean());
        Assert.IsTrue(inputs["X1"] && inputs["X2"]);
        Assert.IsFalse(inputs["Label"], "the label is mapped inside the model but no prediction needs it");
    }

    /// <summary>
    /// The NaN-score rule finds a foreign model's trainer outputs by ML.NET's ScoreValueKind annotation, not by name: a
    /// plain ML.NET binary model whose Score and PredictedLabel were renamed answers a NaN score with a null label and
    /// warnings, not the false ML.NET's engine gives.
    /// </summary>
    [TestMethod]
    public async Task ANaNScoreOfRenamedForeignOutputsGivesANullLabel()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(150, 1));
        ml.Model.Save(ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Append(ml.Transforms.CopyColumns("Margin", "Score")).Append(ml.Transforms.CopyColumns("Decision", "PredictedLabel"))
            .Append(ml.Transforms.DropColumns("Score", "PredictedLabel")).Fit(data), data.Schema, folder.File("renamed.zip"));
        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["renamed"] = folder.File("renamed.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        JsonElement row = await PostOkAsync(client, "/models/renamed/predict", """{"X1": null, "X2": 0}""");
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("Margin").ValueKind, row.ToString());
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("Decision").ValueKind, "not false: " + row);
        string[] warnings = row.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.IsTrue(warnings.Any(w => w.StartsWith("Margin is NaN", StringComparison.Ordinal)), string.Join(" | ", warnings));
        Assert.IsTrue(warnings.Any(w => w.StartsWith("Decision is null: the score is NaN", StringComparison.Ordinal)), string.Join(" | ", warnings));
        JsonElement finite = await PostOkAsync(client, "/models/renamed/predict", """{"X1": 1.5, "X2": 0}""");
        Assert.AreEqual(JsonValueKind.True, finite.GetProperty("Decision").ValueKind, finite.ToString());
    }

    /// <summary>Issue 14 #1: a NaN score must not silently become PredictedLabel false (binary) or a class (multiclass).</summary>
    [TestMethod]
    public async Task ANaNScoreGivesANullPredictedLabelAndAWarningNotFalse()
    {
        Point overflow = Overflowing(s_folder.File("moons.zip"));
        Assert.IsFalse(PredictWithEngine(s_folder.File("moons.zip"), overflow).PredictedLabel, "precondition: ML.NET's own engine says PredictedLabel false for the NaN score");
        string json = JsonSerializer.Serialize(new { overflow.X1, overflow.X2 });
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();

        JsonElement row = await PostOkAsync(client, "/models/moons/predict", json);
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("Score").ValueKind, row.ToString());
        Assert.AreEqual(JsonValueKind.Null, row.GetProperty("PredictedLabel").ValueKind, "not false: " + row);
        string[] warnings = row.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.IsTrue(warnings.Any(w => w.StartsWith("Score is NaN", StringComparison.Ordinal)), string.Join(" | ", warnings));
        Assert.IsTrue(warnings.Any(w => w.StartsWith("PredictedLabel is null: the score is NaN", StringComparison.Ordinal)), string.Join(" | ", warnings));

        Point classOverflow = OverflowingClass(s_folder.File("blobs.zip"));
        JsonElement rows = await PostOkAsync(client, "/models/blobs/predict", $$"""[{{JsonSerializer.Serialize(new { classOverflow.X1, classOverflow.X2 })}}, {"X1": 5, "X2": 5}]""");
        JsonElement bad = rows[0], good = rows[1];
        Assert.AreEqual(JsonValueKind.Null, bad.GetProperty("PredictedLabel").ValueKind, "no class 0 or first class: " + bad);
        StringAssert.Contains(string.Join(" | ", bad.GetProperty("warnings").EnumerateArray().Select(w => w.GetString())), "no class is predicted");
        Assert.IsFalse(good.GetProperty("Score").EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null), "the other row of the request is unaffected: " + good);
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
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/nothing/here"), HttpStatusCode.NotFound, "Nothing answers GET /nothing/here");
    }

    /// <summary>
    /// Bug bash: bytes that are not UTF-8 were a 500 (System.Text.Json checks a string's UTF-8 only when it is read, after
    /// the parse). They are a 400 naming the offset; a UTF-8 byte order mark is skipped; a body declared in another
    /// charset is a 415.
    /// </summary>
    [TestMethod]
    public async Task ABodyThatIsNotUtf8IsA400Or415NotA500()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        static ByteArrayContent Bytes(byte[] bytes, string? contentType = "application/json")
        {
            var content = new ByteArrayContent(bytes);
            if (contentType is not null)
            {
                content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }

            return content;
        }

        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Bytes([.. "{\""u8, 0xFF, .. "\": 1, \"X1\": 1, \"X2\": 1}"u8])),
            HttpStatusCode.BadRequest, "not valid UTF-8: the byte 0xFF at offset 2");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Bytes([.. "{\"X1\": 1, \"X2\": 1, \"Label\": \""u8, 0xC3, 0x28, .. "\"}"u8])),
            HttpStatusCode.BadRequest, "the byte 0xC3 at offset 29");

        JsonElement plain = await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25}""");
        HttpResponseMessage bom = await client.PostAsync("/models/moons/predict", Bytes([0xEF, 0xBB, 0xBF, .. """{"X1": 0.5, "X2": -0.25}"""u8]));
        Assert.AreEqual(HttpStatusCode.OK, bom.StatusCode, await bom.Content.ReadAsStringAsync());
        Assert.AreEqual(plain.GetProperty("Score").GetSingle(), JsonDocument.Parse(await bom.Content.ReadAsStringAsync()).RootElement.GetProperty("Score").GetSingle());

        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", new StringContent("""{"X1": 0.5, "X2": -0.25}""", Encoding.Unicode, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "charset=utf-16");
        Assert.AreEqual(HttpStatusCode.OK, (await client.PostAsync("/models/moons/predict", Bytes("""{"X1": 0.5, "X2": -0.25}"""u8.ToArray(), "application/json; charset=UTF-8"))).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.PostAsync("/models/moons/predict", Bytes("""{"X1": 0.5, "X2": -0.25}"""u8.ToArray(), null))).StatusCode, "no Content-Type (curl -d sends a form type) stays accepted");
    }

    /// <summary>
    /// Differential fuzz of the request reader: a string escaping half of a UTF-16 surrogate pair (<c>"\uD800"</c>) is
    /// well-formed JSON that System.Text.Json throws on when it reads it, so a field name or text value holding one was a
    /// 500. It is a 400 naming the offset, as bytes that are not UTF-8 are (wherever they are); a whole pair still reads.
    /// </summary>
    [TestMethod]
    public async Task AStringEscapingHalfASurrogatePairIsA400NotA500()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        foreach (string body in new[] { """{"\ud800": 1, "X1": 1, "X2": 1}""", """{"X1": 1, "X2": 1, "Label": "a\uDC00"}""", """{"X1": 1, "X2": 1, "note": ["\uD83D x"]}""" })
        {
            int offset = body.LastIndexOf('"', body.IndexOf("\\u", StringComparison.Ordinal)); // the string holding the escape
            await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json(body)), HttpStatusCode.BadRequest,
                $"not valid Unicode: the string at offset {offset} escapes half of a surrogate pair");
        }

        await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25, "note": "\uD83D\uDE00"}""");
    }

    /// <summary>
    /// Bug bash: a column given twice (<c>{"X1": 1, "X1": -5}</c>, or <c>X1</c> and <c>x1</c>) was answered from the last
    /// one without a word; which duplicate wins differs between JSON parsers, so it is a 400 naming the field.
    /// </summary>
    [TestMethod]
    public async Task AColumnGivenTwiceIsA400NamingIt()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1, "X1": -5}""")), HttpStatusCode.BadRequest, "Field 'X1' is given more than once", "X1");
        JsonElement p = await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""[{"X1": 1, "X2": 1}, {"X1": 1, "X2": 1, "x1": -5}]""")),
            HttpStatusCode.BadRequest, "Row 1: Fields 'X1' and 'x1' both give the column 'X1'", "X1");
        Assert.AreEqual(1, p.GetProperty("row").GetInt32());
        await PostOkAsync(client, "/models/moons/predict", """{"X1": 1, "X2": 1, "extra": 1, "extra": 2}"""); // fields that match no column are still ignored
    }

    /// <summary>
    /// Bug bash: a null for a column the prediction does not need (the label of a whole record sent as it is) was a 400;
    /// it is taken as left out. A null for a required column is still a 400, and a wrong type's message shows the value.
    /// </summary>
    [TestMethod]
    public async Task NullForAnUnneededColumnIsLeftOutAndErrorsShowTheValue()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        JsonElement without = await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25}""");
        JsonElement withNull = await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25, "Label": null}""");
        Assert.AreEqual(without.ToString(), withNull.ToString());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": "0.5", "X2": 1}""")), HttpStatusCode.BadRequest, "'X1' must be a number (Single); got a string (\"0.5\")", "X1");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 1e39, "X2": 1}""")), HttpStatusCode.BadRequest, "out of the range of Single; got a number (1e39)", "X1");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1, "Label": "yes"}""")), HttpStatusCode.BadRequest, "'Label' must be true or false (Boolean); got a string (\"yes\")", "Label");
        JsonElement p = await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/moons/predict", Json($$"""{"X1": "{{new string('x', 500)}}", "X2": 1}""")), HttpStatusCode.BadRequest, "got a string (\"xxx", "X1");
        Assert.IsLessThan(300, p.GetProperty("detail").GetString()!.Length, "a long value is shortened in the message");
    }

    /// <summary>
    /// Bug bash: a model made by FeaturizeColumns reads a date column's non-date as a missing date, so the server answered
    /// it silently while a non-number in a numeric column is a 400. Now it is a 400 naming the column and the value too;
    /// null and the empty string stay a missing date.
    /// </summary>
    [TestMethod]
    public async Task ANonDateInADateColumnIsAProblemNamingTheColumnAndTheValue()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(120, 1).Select((p, i) => new { p.X1, When = new DateTime(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Label }));
        CsvColumn[] features = [new("X1", 0, CsvColumnKind.Numeric), new("When", 1, CsvColumnKind.Date) { DataKind = Microsoft.ML.Data.DataKind.String }];
        using (var model = (IDisposable)ml.Transforms.FeaturizeColumns(features)
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(data))
        {
            ml.Model.Save((ITransformer)model, data.Schema, folder.File("dated.zip"));
            CollectionAssert.AreEqual(new[] { "When" }, PipelineSteps.DateColumns((ITransformer)model, data.Schema).ToArray());
        }

        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["dated"] = folder.File("dated.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        await PostOkAsync(client, "/models/dated/predict", """{"X1": 0.5, "When": "2026-12-07T19:30"}""");
        JsonElement missing = await PostOkAsync(client, "/models/dated/predict", """{"X1": 0.5, "When": null}""");
        Assert.AreEqual(missing.ToString(), (await PostOkAsync(client, "/models/dated/predict", """{"X1": 0.5, "When": ""}""")).ToString(), "null and empty are a missing date");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/dated/predict", Json("""{"X1": 0.5, "When": "someday"}""")), HttpStatusCode.BadRequest,
            "Field 'When' must be an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), or null when missing; got a string (\"someday\")", "When");
    }

    /// <summary>
    /// Bug bash: JSON null for a needed Single field was a 400, while the CLI reads an empty field as missing. Now null is
    /// ML.NET's missing value: NaN for numbers (a ReplaceMissingValues step fills it in; without one the score is NaN,
    /// answered as null with a warning), the empty string for text; a Boolean or integer, which ML.NET cannot hold
    /// missing, is still a 400 saying so.
    /// </summary>
    [TestMethod]
    public async Task NullIsTheMissingValueForNumbersAndTextAndRefusedWhereMLNetHasNone()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Moons(120, 1).Select((p, i) => new { p.X1, p.X2, Color = i % 2 == 0 ? "red" : "blue", Flag = i % 3 == 0, N = i % 4, p.Label }));
        using (var model = (IDisposable)ml.Transforms.ReplaceMissingValues("X1")
            .Append(ml.Transforms.Categorical.OneHotEncoding("ColorV", "Color"))
            .Append(ml.Transforms.Conversion.ConvertType([new("FlagF", "Flag"), new("NF", "N")], Microsoft.ML.Data.DataKind.Single))
            .Append(ml.Transforms.Concatenate("Features", "X1", "X2", "ColorV", "FlagF", "NF"))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2 }))
            .Fit(data))
        {
            ml.Model.Save((ITransformer)model, data.Schema, folder.File("missing.zip"));
        }

        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["missing"] = folder.File("missing.zip"), ["moons"] = s_folder.File("moons.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        JsonElement filled = await PostOkAsync(client, "/models/missing/predict", """{"X1": null, "X2": 1, "Color": null, "Flag": true, "N": 2}""");
        Assert.AreEqual(JsonValueKind.Number, filled.GetProperty("Score").ValueKind, filled.ToString());
        Assert.IsFalse(filled.TryGetProperty("warnings", out _), "the missing X1 is replaced by its training mean: a real score");
        Assert.AreEqual(filled.ToString(), (await PostOkAsync(client, "/models/missing/predict", """{"X1": null, "X2": 1, "Color": "", "Flag": true, "N": 2}""")).ToString(),
            "null text is the empty string");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/missing/predict", Json("""{"X1": 1, "X2": 1, "Color": "red", "Flag": null, "N": 2}""")),
            HttpStatusCode.BadRequest, "'Flag' must be true or false (Boolean); got null, and ML.NET's Boolean has no missing value", "Flag");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/missing/predict", Json("""{"X1": 1, "X2": 1, "Color": "red", "Flag": true, "N": null}""")),
            HttpStatusCode.BadRequest, "'N' must be a whole number (Int32); got null, and ML.NET's Int32 has no missing value", "N");

        JsonElement nan = await PostOkAsync(client, "/models/moons/predict", """{"X1": null, "X2": 1}""");
        Assert.AreEqual(JsonValueKind.Null, nan.GetProperty("Score").ValueKind, "no replacement step: a NaN input gives a NaN score, answered as null");
        Assert.AreEqual(JsonValueKind.Null, nan.GetProperty("PredictedLabel").ValueKind);
        Assert.IsGreaterThan(0, nan.GetProperty("warnings").GetArrayLength());
    }

    /// <summary>
    /// A vector column of no fixed size (a model saved with a variable-length input) is read whole however long it is,
    /// nulls as NaN, and a bad item is named by its index.
    /// </summary>
    [TestMethod]
    public async Task AVectorOfNoFixedSizeIsReadWhole()
    {
        using var folder = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new { Values = new float[] { 1, 2 } } });
        Assert.IsFalse(((Microsoft.ML.Data.VectorDataViewType)data.Schema["Values"].Type).IsKnownSize, "precondition: the input vector has no fixed size");
        ml.Model.Save(ml.Transforms.CopyColumns("Copy", "Values").Fit(data), data.Schema, folder.File("copy.zip"));
        await using WebApplication app = await StartAsync(new ModelServerOptions
        {
            Models = new Dictionary<string, string> { ["copy"] = folder.File("copy.zip") },
            WatchForChanges = false,
            LogWriter = TextWriter.Null,
        });
        HttpClient client = app.GetTestClient();
        float[] sent = Enumerable.Range(0, 40).Select(i => i * 0.5f).ToArray();
        JsonElement copied = await PostOkAsync(client, "/models/copy/predict", JsonSerializer.Serialize(new { Values = sent }));
        CollectionAssert.AreEqual(sent, copied.GetProperty("Copy").EnumerateArray().Select(e => e.GetSingle()).ToArray());
        Assert.AreEqual(3, (await PostOkAsync(client, "/models/copy/predict", """{"Values": [1, null, 3]}""")).GetProperty("Copy").GetArrayLength());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/models/copy/predict", Json("""{"Values": [1, 2, true]}""")), HttpStatusCode.BadRequest,
            "'Values[2]' must be a finite number (Single); got a Boolean", "Values[2]");
    }

    /// <summary>A body limit beyond what one array holds (say long.MaxValue, "no limit") still serves: the body buffer is sized within it.</summary>
    [TestMethod]
    public async Task ABodyLimitBeyondOneArrayStillServes()
    {
        await using WebApplication app = await StartAsync(Options() with { MaxRequestBodyBytes = long.MaxValue });
        HttpClient client = app.GetTestClient();
        await PostOkAsync(client, "/models/moons/predict", """{"X1": 0.5, "X2": -0.25}""");
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/models/moons/predict") { Content = new StreamContent(new MemoryStream("""{"X1": 0.5, "X2": -0.25}"""u8.ToArray())) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        HttpResponseMessage response = await client.SendAsync(chunked);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Issue 14 #8: GET on a predict route is a problem-details 405 naming the method to use.</summary>
    [TestMethod]
    public async Task GetOnAPredictRouteIsAProblemDetails405()
    {
        await using WebApplication app = await StartAsync();
        HttpResponseMessage response = await app.GetTestClient().GetAsync("/models/moons/predict");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "does not answer GET; use POST");
        CollectionAssert.Contains(response.Content.Headers.Allow.ToArray(), "POST");
    }

    [TestMethod]
    public async Task MetadataHoldsSchemaOutputsPipelineAndTheTrainingRecord()
    {
        await using WebApplication app = await StartAsync();
        string body = await app.GetTestClient().GetStringAsync("/models/moons");
        JsonElement m = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual("moons", m.GetProperty("name").GetString());
        Assert.AreEqual(1, m.GetProperty("generation").GetInt64());
        var inputs = m.GetProperty("inputSchema").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.AreEqual("Single", inputs["X1"].GetProperty("type").GetString());
        Assert.IsTrue(inputs["X1"].GetProperty("required").GetBoolean());
        Assert.IsFalse(inputs["Label"].GetProperty("required").GetBoolean(), "the label is not needed to predict");
        string[] outputs = m.GetProperty("outputColumns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEquivalent(new[] { "Score", "Probability", "PredictedLabel" }, outputs, "the prediction, not the network's input vector");
        JsonElement training = m.GetProperty("training");
        Assert.AreEqual("BinaryClassification", training.GetProperty("task").GetString());
        Assert.AreEqual(3, training.GetProperty("epochs").GetInt32());
        Assert.AreEqual(3, training.GetProperty("modelEpoch").GetInt32(), "the saved model is the last epoch's: no early stopping restored another");
        Assert.AreEqual("accuracy", training.GetProperty("metricName").GetString());
        Assert.IsTrue(training.GetProperty("last").GetProperty("metric").GetDouble() is > 0 and <= 1, body);
        Assert.AreEqual("8", m.GetProperty("trainingRecord").GetProperty("options").GetProperty("HiddenLayers").GetString());
        Assert.IsFalse(m.TryGetProperty("notShown", out _));
        StringAssert.Contains(await app.GetTestClient().GetStringAsync("/models"), "\"blobs\"");

        JsonElement blobs = JsonDocument.Parse(await app.GetTestClient().GetStringAsync("/models/blobs")).RootElement;
        JsonElement score = blobs.GetProperty("outputColumns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Score");
        CollectionAssert.AreEqual(ClassNames, score.GetProperty("slotNames").EnumerateArray().Select(s => s.GetString()).ToArray(), "the Score slots are the classes, in key order");
    }

    /// <summary>
    /// Dates are ISO 8601 everywhere the server writes or reads them: a key column whose keys stand for dates is described,
    /// answered and accepted in the form a DateTime column is written in (it was "MM/dd/yyyy HH:mm:ss" for keys).
    /// </summary>
    [TestMethod]
    public async Task KeyValuesThatAreDatesAreWrittenAndReadInIso8601()
    {
        using var folder = new TempFolder();
        SaveDatedMulticlass(6, folder.File("dates.zip"));
        await using WebApplication app = await StartAsync(Options() with { Models = new Dictionary<string, string> { ["dates"] = folder.File("dates.zip") } });
        HttpClient client = app.GetTestClient();
        string[] iso = ClassDates.Select(d => JsonSerializer.SerializeToElement(d).GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "2026-01-01T00:00:00", "2026-06-30T12:00:00", "2026-12-07T19:30:15.25" }, iso, "System.Text.Json's own form of the dates");

        JsonElement described = JsonDocument.Parse(await client.GetStringAsync("/models/dates")).RootElement;
        JsonElement label = described.GetProperty("inputSchema").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Label");
        CollectionAssert.AreEqual(iso, label.GetProperty("keyValues").EnumerateArray().Select(v => v.GetString()).ToArray(), described.ToString());
        JsonElement predicted = described.GetProperty("outputColumns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "PredictedLabel");
        CollectionAssert.AreEqual(iso, predicted.GetProperty("keyValues").EnumerateArray().Select(v => v.GetString()).ToArray(), described.ToString());

        JsonElement rows = await PostOkAsync(client, "/models/dates/predict", $$"""[{"X1": 0.5, "X2": 0.5, "Label": "{{iso[2]}}"}, {"X1": 6.5, "X2": 0.5}]""");
        for (int i = 0; i < 2; i++)
        {
            string? answer = rows[i].GetProperty("PredictedLabel").GetString();
            CollectionAssert.Contains(iso, answer, rows.ToString());
            Assert.AreEqual(ClassDates[Array.IndexOf(iso, answer)], rows[i].GetProperty("PredictedLabel").GetDateTime(), "the answer reads back as the class's date");
        }

        HttpResponseMessage old = await client.PostAsync("/models/dates/predict", Json($$"""{"X1": 0.5, "X2": 0.5, "Label": "{{ClassDates[0].ToString(System.Globalization.CultureInfo.InvariantCulture)}}"}"""));
        Assert.AreEqual(HttpStatusCode.BadRequest, old.StatusCode, "the invariant culture's 01/01/2026 00:00:00 is not a key value");
        StringAssert.Contains(await old.Content.ReadAsStringAsync(), iso[0], "the error lists the key values as they are accepted");
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

    /// <summary>Issue 14 #5: no per-request Information lines from ASP.NET Core by default; one line per request when asked.</summary>
    [TestMethod]
    public async Task QuietByDefaultAndRequestLinesOnlyWhenAsked()
    {
        var captured = new CapturingLoggerProvider();
        var log = new StringWriter();
        await using (WebApplication app = await StartAsync(Options(log: TextWriter.Synchronized(log)), b => b.Logging.AddProvider(captured)))
        {
            HttpClient client = app.GetTestClient();
            for (int i = 0; i < 20; i++)
            {
                Assert.AreEqual(HttpStatusCode.OK, (await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1}"""))).StatusCode);
            }
        }

        string[] frameworkInfo = captured.Entries.Where(e => e.Level < LogLevel.Warning && !e.Category.StartsWith("MLNetDeep.", StringComparison.Ordinal)).Select(e => $"{e.Category}: {e.Message}").ToArray();
        Assert.IsEmpty(frameworkInfo, "ASP.NET Core logs nothing below Warning: " + string.Join(" | ", frameworkInfo.Take(5)));
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsFalse(lines.Any(l => l.Contains("/models/moons/predict 200", StringComparison.Ordinal)), "no request lines by default: " + log);
        Assert.IsTrue(lines.Any(l => l.Contains("Model 'moons' generation 1 loaded", StringComparison.Ordinal)), "our own lifecycle lines stay: " + log);

        var verbose = new StringWriter();
        await using (WebApplication app = await StartAsync(Options(log: TextWriter.Synchronized(verbose), logRequests: true)))
        {
            HttpClient client = app.GetTestClient();
            for (int i = 0; i < 3; i++)
            {
                await client.PostAsync("/models/moons/predict", Json("""{"X1": 1, "X2": 1}"""));
            }
        }

        Assert.HasCount(3, verbose.ToString().Split('\n').Where(l => l.Contains("POST /models/moons/predict 200", StringComparison.Ordinal)), verbose.ToString());
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
    public async Task RunAsyncReportsProblemsInOneLineWithExitCodes()
    {
        var log = new StringWriter();
        int code = await ModelServer.RunAsync(new ModelServerOptions { Models = new Dictionary<string, string> { ["x"] = s_folder.File("missing.zip") }, LogWriter = log });
        Assert.AreEqual(1, code);
        StringAssert.Contains(log.ToString(), "missing.zip");
        Assert.AreEqual(2, await ModelServer.RunAsync(new ModelServerOptions { LogWriter = TextWriter.Null }));
        var typo = new StringWriter();
        Assert.AreEqual(2, await ModelServer.RunAsync(new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = s_folder.File("moons.zip") }, Urls = "http://127.0.0.l:38111", LogWriter = typo }));
        StringAssert.Contains(typo.ToString(), "neither an IP address nor 'localhost'");
        Assert.HasCount(1, typo.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), typo.ToString());
    }
}
