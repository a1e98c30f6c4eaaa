namespace MLNetDeep.Serving;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Http;
using MLNetDeep.Serving.Server;

/// <summary>
/// Serves ML.NET model zips without user types (what <c>mlnetdeep serve</c> runs): requests are JSON objects keyed by
/// the model's input column names, as saved in the model file, and answers hold its output columns. Any ML.NET model
/// that predicts row by row works; for MLNetDeep's own models <c>GET /models/{name}</c> also shows the training record.
/// </summary>
/// <remarks>
/// Endpoints: <c>POST /models/{name}/predict</c> (one object or an array; answers the columns that are not inputs, e.g.
/// <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>, keys as the values they stand for; a value JSON cannot carry
/// or that stands for no prediction is null, with a <c>warnings</c> array in that row), <c>GET /models</c>,
/// <c>GET /models/{name}</c>, <c>GET /healthz</c> and <c>GET /readyz</c> (503 once shutdown has begun). Errors are RFC 7807
/// problem details (400, 401, 404, 405, 408, 413; 500 without details). Metrics: the Meter <c>MLNetDeep.Serving</c>.
/// Logging: warnings and the server's own lifecycle lines (one line each) unless <see cref="ModelServerOptions.LogRequests"/>.
/// </remarks>
public static class ModelServer
{
    /// <summary>
    /// Builds the server, loading every model now. Start it with <c>StartAsync</c>/<c>RunAsync</c>, or use
    /// <see cref="ServeAsync"/>. On a stop signal it drains (see <see cref="ModelServerOptions.DrainDelay"/>).
    /// </summary>
    /// <param name="options">Models, addresses, API key, limits and logging.</param>
    /// <param name="configure">Last changes to the builder before it is built (e.g. a test server, logging); may be null.</param>
    /// <exception cref="ArgumentException">An option is not valid (the message names it and its value), e.g. a URL whose host is not an IP address or <c>localhost</c>.</exception>
    /// <exception cref="FileNotFoundException">A model file does not exist (the message names it).</exception>
    /// <exception cref="InvalidDataException">A model file cannot be loaded or served (the message names it and says why).</exception>
    public static WebApplication CreateApplication(ModelServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var addresses = options.Validate();
        TimeProvider time = options.TimeProvider ?? TimeProvider.System;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.UseUrls(string.Join(';', addresses.Select(a => a.Url)));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(options.LogWriter ?? Console.Error, time));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MLNetDeep.Serving", LogLevel.Information);
        // A start failure is reported once, by the caller (ServeAsync/RunAsync: one line), not again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(240, options.RequestBodyGracePeriod);
            k.ConfigureEndpointDefaults(listen => listen.Use(next => Lifecycle(k.ApplicationServices).CountConnections(next)));
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.DrainDelay + options.ShutdownTimeout);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(sp => new ModelRegistry(
            options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.ModelServer"), time, PredictionPoolServiceCollectionExtensions.ReloadDebounce));
        builder.Services.AddSingleton(sp => new ServerLifecycle(options, sp.GetRequiredService<ModelRegistry>(), sp.GetRequiredService<IServer>(), time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.ModelServer"), sp.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.Requests")));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ServerLifecycle>());
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        var registry = app.Services.GetRequiredService<ModelRegistry>(); // loads the models now
        ServerLifecycle lifecycle = Lifecycle(app.Services);
        app.Lifetime.ApplicationStopping.Register(lifecycle.BeginDrain);
        app.Lifetime.ApplicationStopped.Register(registry.Dispose);
        var handlers = new ServerEndpoints(registry, lifecycle, options.ToEndpointOptions(), time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.Predict"));

        app.Use((http, next) => lifecycle.InvokeAsync(http, next));
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = http => Problems.ServerError().ExecuteAsync(http) });
        app.UseStatusCodePages(context => Unanswered(context.HttpContext));
        if (options.ApiKey is not null)
        {
            var check = new ApiKeyCheck(options.ApiKey);
            app.Use((http, next) => check.InvokeAsync(http, next));
        }

        app.MapGet("/healthz", ServerEndpoints.Health);
        app.MapGet("/readyz", handlers.Ready);
        app.MapGet("/models", handlers.List);
        app.MapGet("/models/{name}", (string name) => handlers.Metadata(name));
        app.MapPost("/models/{name}/predict", (HttpContext http, string name) => handlers.PredictAsync(http, name));
        return app;
    }

    /// <summary>
    /// Loads the models, listens, and serves until <paramref name="cancellationToken"/> is cancelled or the process is
    /// asked to stop (Ctrl+C, SIGTERM); then drains (<see cref="ModelServerOptions.DrainDelay"/>,
    /// <see cref="ModelServerOptions.ShutdownTimeout"/>) and returns.
    /// </summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and its value.</exception>
    /// <exception cref="FileNotFoundException">A model file does not exist.</exception>
    /// <exception cref="InvalidDataException">A model file cannot be loaded or served.</exception>
    /// <exception cref="IOException">The server cannot listen (e.g. the port is in use); the message is one line naming the address.</exception>
    public static async Task ServeAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        WebApplication app = CreateApplication(options);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException) // InvalidOperationException: e.g. https without a certificate
            {
                throw new IOException($"Cannot listen on {options.Urls}: {FirstLine(e.Message)}", e);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="ServeAsync"/> for a program's <c>Main</c>: returns the exit code, 0 after a clean shutdown, 1 when a model
    /// cannot be loaded or the address cannot be bound, 2 when the options are not valid; the reason is one line on
    /// <see cref="ModelServerOptions.LogWriter"/> (standard error by default).
    /// </summary>
    public static async Task<int> RunAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        TextWriter error = options.LogWriter ?? Console.Error;
        try
        {
            await ServeAsync(options, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {FirstLine(e.Message)}").ConfigureAwait(false);
            return e is ArgumentException ? 2 : 1;
        }
    }

    private static ServerLifecycle Lifecycle(IServiceProvider services) => services.GetRequiredService<ServerLifecycle>();

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>A 404 or 405 the routing left without a body, as problem details.</summary>
    private static Task Unanswered(HttpContext http)
    {
        IResult problem = http.Response.StatusCode switch
        {
            StatusCodes.Status405MethodNotAllowed => Problems.MethodNotAllowed(http.Request.Method, http.Request.Path.Value ?? "/",
                http.Response.Headers.Allow.Count > 0 ? string.Join(", ", http.Response.Headers.Allow.ToArray()) : "POST"),
            StatusCodes.Status404NotFound => Problems.NoEndpoint(http.Request.Method, http.Request.Path.Value ?? "/"),
            int other => Results.Problem(statusCode: other),
        };
        return problem.ExecuteAsync(http);
    }
}
