namespace MLNetDeep.Serving.Tests;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MLNetDeep.Serving.Dynamic;
using MLNetDeep.Serving.Models;
using MLNetDeep.Serving.Server;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class LiveReloadTests
{
    private const int Clients = 8;
    private const int RowsPerRequest = 3;

    [TestMethod]
    [TestCategory("Slow")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ReplacingTheFileUnderLoadDropsNoRequestAndNeverMixesModels()
    {
        using var folder = new TempFolder();
        string path = folder.File("live.zip");
        string[] versions = [folder.File("v0.zip"), folder.File("v1.zip"), folder.File("v2.zip")];
        for (int i = 0; i < versions.Length; i++)
        {
            SavePoint(10 + i, versions[i]);
        }

        File.Copy(versions[0], path);
        Point[] rows = Moons(30, 77);
        // expected[model][row]: every answer must be one model's answer for every row of its request
        float[][] expected = versions.Select(v => rows.Select(r => PredictWithEngine(v, r).Score).ToArray()).ToArray();
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.IsTrue(expected[0][r] != expected[1][r] && expected[1][r] != expected[2][r] && expected[0][r] != expected[2][r], "the versions must tell apart");
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPredictionPool<Point, Prediction>().FromFile("live", path, watchForChanges: true);
        await using WebApplication app = builder.Build();
        app.MapPredict<Point, Prediction>("/predict", "live");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var pool = app.Services.GetRequiredService<PredictionPool<Point, Prediction>>();
        Assert.IsTrue(pool.TryGetModel("live", out ReloadingModel<PredictionEngine<Point, Prediction>> live));
        var swaps = new ConcurrentQueue<TaskCompletionSource<long>>();
        var failedReload = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Swapped += g =>
        {
            if (swaps.TryDequeue(out var next))
            {
                next.TrySetResult(g.Number);
            }
        };
        live.ReloadFailed += why => failedReload.TrySetResult(why);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<int, int>();
        int requests = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(100)); // a safety net only; the test waits on events
        var answered = Channel.CreateUnbounded<int>();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var trafficStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task ClientAsync(int id)
        {
            int next = id;
            while (!stop.IsCancellationRequested && Volatile.Read(ref requests) < 50_000)
            {
                int[] picks = Enumerable.Range(0, RowsPerRequest).Select(k => (next + k * 7) % rows.Length).ToArray();
                next += 3;
                try
                {
                    using HttpResponseMessage response = await http.PostAsJsonAsync("/predict", picks.Select(p => new { rows[p].X1, rows[p].X2 }).ToArray());
                    if (Interlocked.Increment(ref requests) >= 50)
                    {
                        trafficStarted.TrySetResult();
                    }

                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"status {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }

                    Prediction[] answers = (await response.Content.ReadFromJsonAsync<Prediction[]>(options))!;
                    int model = Array.FindIndex(expected, e => picks.Select((p, k) => e[p] == answers[k].Score).All(x => x));
                    if (model < 0)
                    {
                        failures.Enqueue($"answer from no single model: rows {string.Join(",", picks)} scores {string.Join(",", answers.Select(a => a.Score))}");
                    }
                    else
                    {
                        seen.AddOrUpdate(model, 1, (_, c) => c + 1);
                        answered.Writer.TryWrite(model);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(e.GetType().Name + ": " + e.Message);
                }
            }
        }

        async Task SeenAsync(int model, int count)
        {
            // Waits on the clients' answers (each one an event), not on time: answers queued before the swap are of the old model.
            for (int n = 0; n < count;)
            {
                if (await answered.Reader.ReadAsync(stop.Token) == model)
                {
                    n++;
                }
            }
        }

        Task[] clients = Enumerable.Range(0, Clients).Select(i => Task.Run(() => ClientAsync(i))).ToArray();
        await trafficStarted.Task;
        int[] sequence = [1, 2, 0, 1, 2];
        for (int i = 0; i < sequence.Length; i++)
        {
            var swapped = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            swaps.Enqueue(swapped);
            string source = versions[sequence[i]];
            ReplaceAtomically(path, temp => File.Copy(source, temp));
            Assert.AreEqual(2 + i, await swapped.Task.WaitAsync(TimeSpan.FromSeconds(60)), $"generation {2 + i} was swapped in");
            await SeenAsync(sequence[i], 20); // requests ran against the new generation
        }

        // A broken file keeps the last good model (version 2) serving.
        ReplaceAtomically(path, temp => File.WriteAllBytes(temp, File.ReadAllBytes(versions[0])[..500]));
        StringAssert.Contains(await failedReload.Task.WaitAsync(TimeSpan.FromSeconds(60)), "live.zip");
        Assert.AreEqual(1, live.FailedReloads, "the broken file was noticed");
        Assert.AreEqual(6, live.Current.Number, "the broken file did not replace the model");
        await SeenAsync(2, 20);
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.IsEmpty(failures, $"{failures.Count} failed of {requests}: {string.Join(" | ", failures.Take(5))}");
        Assert.AreEqual(3, seen.Count, $"every version answered some requests: {string.Join(", ", seen)}");
        Prediction after = pool.Predict("live", rows[0]);
        Assert.AreEqual(expected[2][0], after.Score, "version 2 still serves after the broken file");
    }

    /// <summary>A replaced model is disposed (ML.NET deletes its temporary ONNX file) once the last request using it is done, not before.</summary>
    [TestMethod]
    public async Task AReplacedModelIsDisposedOnceNoRequestUsesIt()
    {
        using var folder = new TempFolder();
        string temp = Directory.CreateDirectory(folder.File("onnx-copies")).FullName;
        string path = folder.File("model.zip");
        SavePoint(1, folder.File("a.zip"));
        SavePoint(2, folder.File("b.zip"));
        File.Copy(folder.File("a.zip"), path);
        var options = new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = path }, WatchForChanges = false, TempFolder = temp };
        using var registry = new ModelRegistry(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System, TimeSpan.Zero);
        Assert.IsTrue(registry.TryGet("m", out ReloadingModel<SchemaEngine> model));
        Assert.HasCount(1, Directory.GetFiles(temp), "one loaded model, one temporary ONNX copy");

        ModelGeneration<SchemaEngine> first = model.Acquire(); // a request still using generation 1
        File.Copy(folder.File("b.zip"), path, overwrite: true);
        Assert.IsTrue(await model.ReloadAsync());
        Assert.AreEqual(2, model.Current.Number);
        Assert.IsFalse(first.Disposed.IsCompleted, "generation 1 is in use, so it stays loaded");
        Assert.HasCount(2, Directory.GetFiles(temp));
        SchemaEngine engine = first.Rent();
        first.Return(engine); // still usable while held

        first.Release(); // the request is done
        await first.Disposed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.HasCount(1, Directory.GetFiles(temp), "generation 1's temporary ONNX file is gone");

        ModelGeneration<SchemaEngine> second = model.Current;
        registry.Dispose();
        await second.Disposed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsEmpty(Directory.GetFiles(temp), "stopping disposes the last model too");
    }

    /// <summary>
    /// Bug bash: a model file replaced by a model that reads other inputs was swapped in with only the usual "loaded"
    /// line, while every client shaped for the old model started getting 400s. The swap stands (the file is what the
    /// operator put there), but a warning says what requests must now send.
    /// </summary>
    [TestMethod]
    public async Task AReloadThatChangesTheInputsIsAWarningSayingHow()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.zip");
        SavePoint(1, path);
        SavePoint(2, folder.File("same-inputs.zip"));
        SaveVector(3, folder.File("vector.zip"));
        var log = new CapturingLoggerProvider();
        var options = new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = path }, WatchForChanges = false };
        using var registry = new ModelRegistry(options, log.CreateLogger("test"), TimeProvider.System, TimeSpan.Zero);
        Assert.IsTrue(registry.TryGet("m", out ReloadingModel<SchemaEngine> model));

        File.Copy(folder.File("same-inputs.zip"), path, overwrite: true);
        Assert.IsTrue(await model.ReloadAsync());
        Assert.IsFalse(log.Entries.Any(e => e.Level == LogLevel.Warning), "same inputs, no warning: " + string.Join(" | ", log.Entries.Select(e => e.Message)));

        File.Copy(folder.File("vector.zip"), path, overwrite: true);
        Assert.IsTrue(await model.ReloadAsync());
        Assert.AreEqual(3, model.Current.Number, "the new model serves");
        string warning = log.Entries.Single(e => e.Level == LogLevel.Warning).Message;
        StringAssert.Contains(warning, "Model 'm' generation 3 reads different inputs from generation 2: it needs Features (Vector<Single, 2>); it no longer reads X1, X2.");
    }

    /// <summary>
    /// A watched model file that is deleted (and not replaced within the quiet period) is a warning, once, and the
    /// current generation keeps serving; a file that appears there again is loaded, and a second deletion warns again.
    /// </summary>
    [TestMethod]
    public async Task ADeletedModelFileIsAWarningOnceAndTheModelKeepsServing()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.zip");
        SavePoint(1, path);
        SavePoint(2, folder.File("next.zip"));
        var log = new CapturingLoggerProvider();
        var options = new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = path }, WatchForChanges = false };
        using var registry = new ModelRegistry(options, log.CreateLogger("test"), TimeProvider.System, TimeSpan.Zero);
        Assert.IsTrue(registry.TryGet("m", out ReloadingModel<SchemaEngine> model));
        string[] Warnings() => log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToArray();

        File.Delete(path);
        Assert.IsFalse(await model.ReloadAsync());
        Assert.IsFalse(await model.ReloadAsync());
        CollectionAssert.AreEqual(new[] { $"Model 'm': the file '{path}' is gone, so generation 1 keeps serving until a model file appears there again." }, Warnings());
        Assert.AreEqual(1, model.Current.Number);
        Assert.AreEqual(0, model.FailedReloads, "a missing file is not a failed load");

        File.Copy(folder.File("next.zip"), path);
        Assert.IsTrue(await model.ReloadAsync());
        File.Delete(path);
        Assert.IsFalse(await model.ReloadAsync());
        Assert.HasCount(2, Warnings(), string.Join(" | ", Warnings()));
        StringAssert.Contains(Warnings()[1], "generation 2 keeps serving");
    }
}
