// Load test for MLNetDeep.Serving: trains a 30-feature binary model on synthetic data, starts ModelServer in-process on
// loopback (an ephemeral port), and drives POST /models/wide/predict with single-row requests from C concurrent clients for
// a bounded time and request count. Prints predictions/s and latency percentiles, plus the engine's own cost per row.
//   dotnet run -c Release --project bench/MLNetDeep.LoadTest -- [--seconds 10] [--clients 16] [--max-requests 2000000]
// With --model M.zip --idx PREFIX it serves a saved model instead (e.g. the Fashion-MNIST model `mlnetdeep train` writes)
// and sends the first 1,000 images of the IDX set PREFIX as single-row requests {"Features": [784 values]}.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.LoadTest;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Serving;

int seconds = Arg("--seconds", 10), clients = Arg("--clients", 16), maxRequests = Arg("--max-requests", 2_000_000);
string? savedModel = StringArg("--model"), idxPrefix = StringArg("--idx");
const int FeatureCount = 30;
var ctx = new DeepContext(seed: 1);
var sw = Stopwatch.StartNew();
string path;
byte[][] bodies;
if (savedModel is not null)
{
    if (idxPrefix is null)
    {
        Console.Error.WriteLine("--model needs --idx PREFIX (the images to send).");
        return 2;
    }

    path = Path.GetFullPath(savedModel);
    IDataView images = ctx.Data.LoadFromIdx(idxPrefix);
    bodies = ctx.Data.CreateEnumerable<ImageRow>(images, reuseRowObject: false).Take(1000)
        .Select(r => Encoding.UTF8.GetBytes("{\"Features\":[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}")).ToArray();
    Console.WriteLine($"model: {path}; {bodies.Length} rows of {idxPrefix}, about {bodies.Average(b => b.Length) / 1024:F1} KiB per request");
}
else
{

// 1. A 30-feature binary model: label = sign of a fixed linear function plus noise.
var rng = new Rng(42);
float[] w = Enumerable.Range(0, FeatureCount).Select(_ => (float)rng.NextGaussian()).ToArray();
WideRow[] rows = Enumerable.Range(0, 4000).Select(_ =>
{
    float[] x = Enumerable.Range(0, FeatureCount).Select(_ => (float)rng.NextGaussian()).ToArray();
    float z = x.Select((v, j) => v * w[j]).Sum() + (float)(0.5 * rng.NextGaussian());
    return new WideRow { Features = x, Label = z > 0 };
}).ToArray();
IDataView data = ctx.Data.LoadFromEnumerable(rows);
ITransformer model = ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [32, 16], numberOfEpochs: 10).Fit(data);
path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-loadtest-{Environment.ProcessId}.zip");
ctx.Model.Save(model, data.Schema, path);
Console.WriteLine($"model: 30 -> 32 -> 16 -> 1, trained in {sw.Elapsed.TotalSeconds:F1} s");

// 2. The engine alone (one thread, typed PredictionEngine): the floor under any HTTP number.
var engine = ctx.Model.CreatePredictionEngine<WideRow, WidePrediction>(model);
var reuse = new WidePrediction();
for (int i = 0; i < 20_000; i++)
{
    engine.Predict(rows[i % rows.Length], ref reuse);
}

sw.Restart();
int engineRows = 0;
while (sw.ElapsedMilliseconds < 2000)
{
    engine.Predict(rows[engineRows++ % rows.Length], ref reuse);
}

Console.WriteLine($"engine only, 1 thread: {engineRows / sw.Elapsed.TotalSeconds:N0} predictions/s ({sw.Elapsed.TotalMilliseconds * 1000 / engineRows:F2} us/row)");
bodies = rows.Take(1000).Select(r => Encoding.UTF8.GetBytes("{\"Features\":[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}")).ToArray();
}

// 3. The server, in-process on loopback.
var options = new ModelServerOptions { Models = new Dictionary<string, string> { ["wide"] = path }, Urls = "http://127.0.0.1:0", WatchForChanges = false, MaxRequestBodyBytes = 1 << 22 };
await using WebApplication app = ModelServer.CreateApplication(options, b => b.Logging.ClearProviders());
await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(address) };
var uri = new Uri("/models/wide/predict", UriKind.Relative);

async Task<(List<long> Latencies, int Failed)> ClientAsync(int id, TimeSpan duration, int budget, bool record)
{
    var latencies = new List<long>(record ? 200_000 : 0);
    int failed = 0, i = id;
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < until && Interlocked.Decrement(ref budget) >= 0)
    {
        var content = new ByteArrayContent(bodies[i++ % bodies.Length]);
        content.Headers.ContentType = new("application/json");
        long start = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await http.PostAsync(uri, content);
        _ = await response.Content.ReadAsByteArrayAsync();
        long end = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failed++;
        }
        else if (record)
        {
            latencies.Add(end - start);
        }
    }

    return (latencies, failed);
}

await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, TimeSpan.FromSeconds(2), 200_000, false)))); // warm-up
sw.Restart();
var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, TimeSpan.FromSeconds(seconds), maxRequests / clients, true))));
double elapsed = sw.Elapsed.TotalSeconds;
long[] all = results.SelectMany(r => r.Latencies).Order().ToArray();
int failures = results.Sum(r => r.Failed);
double Ms(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
Console.WriteLine($"server: {clients} clients, {elapsed:F1} s, {all.Length:N0} ok, {failures} failed");
Console.WriteLine($"  {all.Length / elapsed:N0} predictions/s   p50 {Ms(0.50):F2} ms   p90 {Ms(0.90):F2} ms   p99 {Ms(0.99):F2} ms   max {Ms(1.0):F2} ms");
await app.StopAsync();
if (savedModel is null)
{
    File.Delete(path);
}

return failures == 0 ? 0 : 1;

string? StringArg(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int Arg(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
