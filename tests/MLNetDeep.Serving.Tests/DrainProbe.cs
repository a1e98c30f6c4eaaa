namespace MLNetDeep.Serving.Tests;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Load against a model server while it is stopped (issue 14 #6). Clients send single-row predictions to a model and, like clients behind a load balancer, stop sending once an answer says <c>Connection: close</c> (the
/// server is draining). An upload is in flight when the stop begins and is finished only after the server has stopped
/// accepting connections. Every request sent must be answered 200.
/// </summary>
internal static class DrainProbe
{
    /// <param name="Failures">Requests sent and not answered 200 (status, or the exception).</param>
    /// <param name="Answered">Requests answered 200.</param>
    /// <param name="AnsweredWhileDraining">Answers that said Connection: close (the drain had begun).</param>
    /// <param name="SawNotReady">Whether /readyz answered 503.</param>
    /// <param name="NewConnectionAfterNotReady">The status a request on a new connection got after /readyz said 503 (the server still accepts while draining).</param>
    /// <param name="UploadStatus">The status of the upload that was in flight when the server stopped accepting.</param>
    public sealed record Result(IReadOnlyCollection<string> Failures, int Answered, int AnsweredWhileDraining, bool SawNotReady, HttpStatusCode? NewConnectionAfterNotReady, HttpStatusCode? UploadStatus);

    /// <param name="address">The server's base address.</param>
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="stop">Asks the server to stop (a signal, or StopAsync).</param>
    /// <param name="stoppedAccepting">Completes when the server says it no longer accepts connections.</param>
    /// <param name="body">One row for the model, as JSON; its last character must be the closing brace.</param>
    /// <param name="model">The model's name.</param>
    public static async Task<Result> RunAsync(string address, int clients, Action stop, Task stoppedAccepting, string body = """{"X1": 0.5, "X2": -0.25}""", string model = "moons")
    {
        string route = $"/models/{model}/predict";
        var failures = new ConcurrentQueue<string>();
        int answered = 0, whileDraining = 0;
        var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HttpClient Client(int connections)
        {
            return new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(90) };
        }

        using HttpClient load = Client(clients);
        async Task ClientAsync()
        {
            for (int sent = 0; sent < 100_000; sent++)
            {
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using HttpResponseMessage response = await load.PostAsync(route, content);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"status {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        return;
                    }

                    if (Interlocked.Increment(ref answered) >= 200)
                    {
                        warm.TrySetResult();
                    }

                    if (response.Headers.ConnectionClose == true)
                    {
                        Interlocked.Increment(ref whileDraining);
                        return; // draining: a balanced client goes elsewhere
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message} {(e.InnerException as SocketException)?.SocketErrorCode}");
                    return;
                }
            }

            failures.Enqueue("a client sent 100,000 requests without seeing the drain");
        }

        Task[] loops = Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)).ToArray();
        await Task.WhenAny(warm.Task, Task.WhenAll(loops));
        if (!failures.IsEmpty)
        {
            return new Result(failures, answered, whileDraining, false, null, null);
        }

        using HttpClient uploader = Client(1);
        using var upload = new TrickleContent(body);
        Task<HttpResponseMessage> uploading = uploader.PostAsync(route, upload);
        await upload.Started;

        stop();
        bool sawNotReady = false;
        using HttpClient monitor = Client(1);
        for (int i = 0; i < 1000 && !sawNotReady; i++)
        {
            try
            {
                using HttpResponseMessage ready = await monitor.GetAsync("/readyz");
                sawNotReady = ready.StatusCode == HttpStatusCode.ServiceUnavailable;
            }
            catch (HttpRequestException e)
            {
                failures.Enqueue($"/readyz failed during the drain: {e.Message} {(e.InnerException as SocketException)?.SocketErrorCode}");
                break;
            }
        }

        HttpStatusCode? late = null;
        if (sawNotReady)
        {
            // A balancer that has not yet seen the 503 may still open a connection: it is accepted and answered.
            using HttpClient fresh = Client(1);
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await fresh.PostAsync(route, content);
                late = response.StatusCode;
            }
            catch (HttpRequestException e)
            {
                failures.Enqueue($"a new connection after /readyz said 503 failed: {e.Message} {(e.InnerException as SocketException)?.SocketErrorCode}");
            }
        }

        await Task.WhenAll(loops);
        await stoppedAccepting;
        upload.Finish();
        HttpStatusCode? uploadStatus = null;
        try
        {
            using HttpResponseMessage response = await uploading;
            uploadStatus = response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            failures.Enqueue($"the upload in flight failed: {e.Message}");
        }

        return new Result(failures, answered, whileDraining, sawNotReady, late, uploadStatus);
    }
}
