namespace MLNetDeep.Serving.Server;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// The model server's start and stop. Once started it checks the addresses it is really bound to (none beyond loopback
/// unless allowed) and logs them. On a stop signal it drains before Kestrel stops: <c>/readyz</c> answers 503 and every
/// answer carries <c>Connection: close</c> while the server keeps accepting for <see cref="ModelServerOptions.DrainDelay"/>,
/// so that load balancers (which poll readiness) and keep-alive clients move away before the listener closes; then Kestrel
/// stops accepting and waits for the requests in flight (<see cref="ModelServerOptions.ShutdownTimeout"/>). The delay is
/// not cut short when no connection is open: a connection still in the listener's backlog is not open yet, and closing
/// the listener would reset it. It also counts connections and requests in flight, and logs each request when asked to.
/// </summary>
internal sealed class ServerLifecycle(ModelServerOptions options, ModelRegistry registry, IServer server, TimeProvider time, ILogger logger, ILogger requestLogger)
    : IHostedLifecycleService
{
    private static readonly Func<object, Task> CloseIfDraining = state =>
    {
        var (http, lifecycle) = ((HttpContext, ServerLifecycle))state;
        if (lifecycle.Draining)
        {
            http.Response.Headers.Connection = "close";
        }

        return Task.CompletedTask;
    };

    private int _draining;
    private bool _listening;
    private int _connections;
    private int _inFlight;

    /// <summary>True once a stop has begun: readiness fails and answers close their connections.</summary>
    public bool Draining => Volatile.Read(ref _draining) == 1;

    /// <summary>The connections open now (Kestrel only; an in-memory test server has none).</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>The requests being answered now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Marks the server as draining (also called when the application begins to stop).</summary>
    public void BeginDrain() => Interlocked.Exchange(ref _draining, 1);

    /// <summary>Kestrel connection middleware: counts open connections.</summary>
    public ConnectionDelegate CountConnections(ConnectionDelegate next) => async connection =>
    {
        Interlocked.Increment(ref _connections);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    };

    /// <summary>Request middleware: counts requests in flight, closes connections while draining, logs requests when asked to.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        Interlocked.Increment(ref _inFlight);
        long start = options.LogRequests ? time.GetTimestamp() : 0;
        http.Response.OnStarting(CloseIfDraining, (http, this));
        try
        {
            await next(http).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (options.LogRequests)
            {
                ServingLog.Request(requestLogger, http.Request.Method, http.Request.Path.Value ?? "/", http.Response.StatusCode, time.GetElapsedTime(start).TotalMilliseconds);
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Checks and logs the addresses the server is bound to.</summary>
    /// <exception cref="IOException">It is bound beyond loopback (through configuration such as ASPNETCORE_URLS) while that is not allowed.</exception>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        string[] bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        if (bound.Length == 0)
        {
            return Task.CompletedTask; // an in-memory test server
        }

        _listening = true;
        string[] remote = bound.Where(a => !ListenAddress.IsLoopbackBinding(a)).ToArray();
        if (remote.Length > 0 && !options.AllowRemote)
        {
            throw new IOException($"The server was bound to {string.Join(", ", remote)}, beyond this machine, by configuration other than Urls (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or Kestrel:Endpoints?); set AllowRemote (--allow-remote) if that is meant.");
        }

        ServingLog.Listening(logger, string.Join(", ", bound), remote.Length == 0 ? " (loopback only)" : " (reachable beyond this machine)", options.ApiKey is null ? "" : "; an API key is required (X-API-Key)");
        foreach (string name in registry.Names)
        {
            ServingLog.Serving(logger, name, $"{bound[0].TrimEnd('/')}/models/{name}/predict");
        }

        return Task.CompletedTask;
    }

    /// <summary>Drains before Kestrel stops (see the class remarks).</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        TimeSpan delay = _listening ? options.DrainDelay : TimeSpan.Zero; // an in-memory test server has no listener to drain
        ServingLog.Stopping(logger, delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's own shutdown timeout ran out: Kestrel's stop takes over.
            }
        }

        ServingLog.StoppedAccepting(logger, options.ShutdownTimeout.TotalSeconds, OpenConnections, InFlight);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Logs how the stop ended.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        int left = InFlight;
        if (left > 0)
        {
            ServingLog.StoppedWithRequestsCutOff(logger, options.ShutdownTimeout.TotalSeconds, left);
        }
        else
        {
            ServingLog.Stopped(logger);
        }

        return Task.CompletedTask;
    }
}
