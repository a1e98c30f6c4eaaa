// Load test for MLNetDeep.Serving: trains a 30-feature binary model on synthetic data (ML.NET + MLNetDeep's FeedForward),
// starts ModelServer in-process on loopback (an ephemeral port), and drives POST /models/wide/predict with single-row
// requests from C concurrent clients for a bounded time and request count. Prints predictions/s and latency percentiles,
// plus the engine's own cost per row and the process's CPU time and allocations per request (client and server
// together; less moved by other processes' load than the rate is).
//   dotnet run -c Release --project bench/MLNetDeep.LoadTest -- [--seconds 10] [--clients 16] [--max-requests 2000000]
//     [--reload N]    replace the model file N times during the measured run (two versions alternating, then one broken
//                     file), counting failed requests and swaps
//     [--shutdown]    afterwards, load again and stop the server under it (the path SIGTERM takes), counting failed
//                     requests; clients stop sending once an answer says Connection: close, as behind a load balancer
//     [--floor]       send the same requests to an endpoint of the same server that reads the body and answers a fixed
//                     prediction without parsing or predicting: the HTTP and client cost alone, the floor under the figures
// With --model M.zip --idx PREFIX it serves a saved model instead (e.g. a Fashion-MNIST model) and sends the first 1,000
// images of the IDX set PREFIX as single-row requests {"Features": [784 values]}.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MLNetDeep;
using MLNetDeep.LoadTest;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Serving;
using MLNetDeep.Trainers;

int seconds = Arg("--seconds", 10), clients = Arg("--clients", 16), maxRequests = Arg("--max-requests", 2_000_000), reloads = Arg("--reload", 0);
bool shutdown = args.Contains("--shutdown"), floor = args.Contains("--floor");
string? savedModel = StringArg("--model"), idxPrefix = StringArg("--idx");
const int FeatureCount = 30;
var ml = new MLContext(seed: 1);
var sw = Stopwatch.StartNew();
string folder = Directory.CreateTempSubdirectory("mlnetdeep-loadtest-").FullName;
string path = Path.Combine(folder, "wide.zip");
string[] versions = [];
byte[][] bodies;
if (savedModel is not null)
{
    if (idxPrefix is null)
    {
        Console.Error.WriteLine("--model needs --idx PREFIX (the images to send).");
        return 2;
    }

    File.Copy(savedModel, path);
    IDataView images = ml.Data.LoadFromIdx(idxPrefix);
    bodies = ml.Data.CreateEnumerable<ImageRow>(images, reuseRowObject: false).Take(1000)
        .Select(r => Encoding.UTF8.GetBytes("{\"Features\":[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}")).ToArray();
    Console.WriteLine($"model: {savedModel}; {bodies.Length} rows of {idxPrefix}, about {bodies.Average(b => b.Length) / 1024:F1} KiB per request");
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
    IDataView data = ml.Data.LoadFromEnumerable(rows);
    versions = [Path.Combine(folder, "v0.zip"), Path.Combine(folder, "v1.zip")];
    for (int v = 0; v < versions.Length; v++)
    {
        using var trained = (IDisposable)ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [32, 16], NumberOfEpochs = 10, Seed = v }).Fit(data);
        ml.Model.Save((ITransformer)trained, data.Schema, versions[v]);
    }

    File.Copy(versions[0], path);
    Console.WriteLine($"model: 30 -> 32 -> 16 -> 1 (ML.NET OnnxTransformer), two versions trained in {sw.Elapsed.TotalSeconds:F1} s");

    // 2. The engine alone (one thread, typed ML.NET PredictionEngine): the floor under any HTTP number.
    using (var model = (IDisposable)ml.Model.Load(path, out _))
    using (var engine = ml.Model.CreatePredictionEngine<WideRow, WidePrediction>((ITransformer)model))
    {
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
    }

    bodies = rows.Take(1000).Select(r => Encoding.UTF8.GetBytes("{\"Features\":[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}")).ToArray();
}

// 3. The server, in-process on loopback.
var options = new ModelServerOptions
{
    Models = new Dictionary<string, string> { ["wide"] = path },
    Urls = "http://127.0.0.1:0",
    WatchForChanges = reloads > 0,
    MaxRequestBodyBytes = 1 << 22,
    LogWriter = TextWriter.Null,
};
WebApplication app = ModelServer.CreateApplication(options);
app.MapPost("/floor", async (HttpContext http) =>
{
    await http.Request.Body.CopyToAsync(Stream.Null);
    return Results.Bytes("{\"Score\":0.5,\"Probability\":0.5,\"PredictedLabel\":true}"u8.ToArray(), "application/json");
});
await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(address) };
var uri = new Uri(floor ? "/floor" : "/models/wide/predict", UriKind.Relative);

async Task<(List<long> Latencies, int Failed, int Draining)> ClientAsync(int id, TimeSpan duration, int budget, bool record, bool untilDrained)
{
    var latencies = new List<long>(record ? 200_000 : 0);
    int failed = 0, draining = 0, i = id;
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    while ((untilDrained || Stopwatch.GetTimestamp() < until) && Interlocked.Decrement(ref budget) >= 0)
    {
        var content = new ByteArrayContent(bodies[i++ % bodies.Length]);
        content.Headers.ContentType = new("application/json");
        long start = Stopwatch.GetTimestamp();
        try
        {
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

            if (untilDrained && response.Headers.ConnectionClose == true)
            {
                draining++;
                break; // the server is draining: a balanced client goes elsewhere
            }
        }
        catch (HttpRequestException)
        {
            failed++;
            if (untilDrained)
            {
                break;
            }
        }
    }

    return (latencies, failed, draining);
}

await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, TimeSpan.FromSeconds(2), 200_000, false, false)))); // warm-up
sw.Restart();
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
long allocatedBefore = GC.GetTotalAllocatedBytes(), gcsBefore = GC.CollectionCount(0);
var run = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, TimeSpan.FromSeconds(seconds), maxRequests / clients, true, false))));
if (reloads > 0)
{
    // The model file is replaced as deployment tools do it (write a temporary file, rename it over), at even intervals.
    for (int r = 0; r <= reloads; r++)
    {
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(seconds / (reloads + 2.0))));
        string temp = Path.Combine(folder, $"incoming-{r}.tmp");
        if (r < reloads)
        {
            File.Copy(versions[(r + 1) % versions.Length], temp);
        }
        else
        {
            File.WriteAllBytes(temp, File.ReadAllBytes(versions[0])[..500]); // a broken file: the last good model keeps serving
        }

        File.Move(temp, path, overwrite: true);
    }
}

var results = await run;
double elapsed = sw.Elapsed.TotalSeconds;
long[] all = results.SelectMany(r => r.Latencies).Order().ToArray();
int failures = results.Sum(r => r.Failed);
double cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / Math.Max(1, all.Length);
double allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)Math.Max(1, all.Length);
double Ms(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
Console.WriteLine($"server: {clients} clients, {elapsed:F1} s, {all.Length:N0} ok, {failures} failed");
Console.WriteLine($"  {all.Length / elapsed:N0} predictions/s   p50 {Ms(0.50):F2} ms   p90 {Ms(0.90):F2} ms   p99 {Ms(0.99):F2} ms   max {Ms(1.0):F2} ms");
Console.WriteLine($"  CPU {cpuUs:F0} us per request, {allocated:N0} bytes allocated per request, {GC.CollectionCount(0) - gcsBefore} gen0 GCs (the process: client and server)");
if (reloads > 0)
{
    var metadata = await http.GetStringAsync("/models/wide");
    System.Text.Json.JsonElement m = System.Text.Json.JsonDocument.Parse(metadata).RootElement;
    Console.WriteLine($"reload: {reloads} replacements and 1 broken file during the run: generation {m.GetProperty("generation").GetInt64()}, failed reloads {m.GetProperty("failedReloads").GetInt64()}, {failures} failed requests");
}

int exitCode = failures == 0 ? 0 : 1;
if (shutdown)
{
    // 4. Load again, then stop the server under it: StopAsync is what SIGTERM and Ctrl+C lead to.
    var load = Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, TimeSpan.Zero, 1_000_000, false, true))).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(1));
    var stopping = Stopwatch.StartNew();
    Task stopped = app.StopAsync();
    var drained = await Task.WhenAll(load);
    await stopped;
    int shutdownFailures = drained.Sum(r => r.Failed);
    Console.WriteLine($"shutdown: stopped under {clients} clients in {stopping.Elapsed.TotalSeconds:F2} s; {drained.Sum(r => r.Draining)} answered while draining, {shutdownFailures} failed");
    exitCode = shutdownFailures == 0 ? exitCode : 1;
}

await app.DisposeAsync();
Directory.Delete(folder, recursive: true);
return exitCode;

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
