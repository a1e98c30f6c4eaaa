namespace MLNetDeep.Serving.Tests;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Models;
using static MLNetDeep.Serving.Tests.TestModels;

[TestClass]
public sealed class LiveReloadTests
{
    private const int Clients = 8;
    private const int RowsPerRequest = 3;

    [TestMethod]
    [TestCategory("Slow")]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ReplacingTheFileUnderLoadDropsNoRequestAndNeverMixesModels()
    {
        using var folder = new TempFolder();
        string path = folder.File("live.zip");
        string[] versions = [folder.File("v0.zip"), folder.File("v1.zip"), folder.File("v2.zip")];
        var models = versions.Select((v, i) => SavePoint(10 + i, v)).ToArray();
        File.Copy(versions[0], path);
        Point[] rows = Moons(30, 77);
        // expected[model][row]: every answer must be one model's answer for every row of its request
        float[][] expected = models.Select(m =>
        {
            var engine = new DeepContext().Model.CreatePredictionEngine<Point, Prediction>(m);
            return rows.Select(r => engine.Predict(r).Score).ToArray();
        }).ToArray();
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.IsTrue(expected[0][r] != expected[1][r] && expected[1][r] != expected[2][r] && expected[0][r] != expected[2][r], "the versions must tell apart");
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPredictionEnginePool<Point, Prediction>().FromFile("live", path, watchForChanges: true);
        await using WebApplication app = builder.Build();
        app.MapPredict<Point, Prediction>("/predict", "live");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var pool = app.Services.GetRequiredService<PredictionEnginePool<Point, Prediction>>();
        Assert.IsTrue(pool.TryGetModel("live", out ReloadingModel<MLNetDeep.Legacy.Model.PredictionEngine<Point, Prediction>> live));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(20) };
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<int, int>();
        int requests = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        async Task ClientAsync(int id)
        {
            int next = id;
            while (!stop.IsCancellationRequested && Volatile.Read(ref requests) < 20_000)
            {
                int[] picks = Enumerable.Range(0, RowsPerRequest).Select(k => (next + k * 7) % rows.Length).ToArray();
                next += 3;
                try
                {
                    using HttpResponseMessage response = await http.PostAsJsonAsync("/predict", picks.Select(p => new { rows[p].X1, rows[p].X2 }).ToArray());
                    Interlocked.Increment(ref requests);
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
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (!stop.IsCancellationRequested)
                    {
                        failures.Enqueue(e.GetType().Name + ": " + e.Message);
                    }
                }
            }
        }

        async Task WaitForGenerationAsync(long generation)
        {
            for (int i = 0; i < 200 && live.Current.Number < generation; i++)
            {
                await Task.Delay(50);
            }

            Assert.AreEqual(generation, live.Current.Number, $"generation {generation} was not swapped in");
        }

        Task[] clients = Enumerable.Range(0, Clients).Select(i => Task.Run(() => ClientAsync(i))).ToArray();
        await Task.Delay(300);
        int[] sequence = [1, 2, 0, 1, 2];
        for (int i = 0; i < sequence.Length; i++)
        {
            string source = versions[sequence[i]];
            ReplaceAtomically(path, temp => File.Copy(source, temp));
            await WaitForGenerationAsync(2 + i);
            await Task.Delay(200); // let requests run against the new generation
        }

        // A broken file keeps the last good model (version 2) serving.
        ReplaceAtomically(path, temp => File.WriteAllBytes(temp, File.ReadAllBytes(versions[0])[..500]));
        for (int i = 0; i < 200 && live.FailedReloads == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.AreEqual(1, live.FailedReloads, "the broken file was noticed");
        StringAssert.Contains(live.LastError, "live.zip");
        Assert.AreEqual(6, live.Current.Number, "the broken file did not replace the model");
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.IsEmpty(failures, $"{failures.Count} failed of {requests}: {string.Join(" | ", failures.Take(5))}");
        Assert.IsGreaterThan(200, requests, "enough traffic crossed the swaps");
        Assert.AreEqual(3, seen.Count, $"every version answered some requests: {string.Join(", ", seen)}");
        Prediction after = pool.Predict("live", rows[0]);
        Assert.AreEqual(expected[2][0], after.Score, "version 2 still serves after the broken file");
    }
}
