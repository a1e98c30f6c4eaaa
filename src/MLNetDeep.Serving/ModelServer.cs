namespace MLNetDeep.Serving;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Http;
using MLNetDeep.Serving.Server;

/// <summary>
/// Serves model files without user types (what <c>mlnetdeep serve</c> runs): requests are JSON objects keyed by the
/// model's input column names, as saved in the model file, and answers hold its output columns.
/// </summary>
/// <remarks>
/// Endpoints: <c>POST /models/{name}/predict</c> (one object or an array; answers the columns that are not inputs, e.g.
/// <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>, keys as the values they stand for), <c>GET /models</c>,
/// <c>GET /models/{name}</c> (input schema with required flags, output columns, format version, training metrics),
/// <c>GET /healthz</c> and <c>GET /readyz</c> (503 once shutdown has begun). Errors are RFC 7807 problem details
/// (400, 401, 404, 413; 500 without details). Metrics: the Meter <c>MLNetDeep.Serving</c>.
/// </remarks>
public static class ModelServer
{
    /// <summary>
    /// Builds the server, loading every model now (a model that cannot be loaded throws: <see cref="FileNotFoundException"/>
    /// or <see cref="InvalidDataException"/> naming the file). Start it with <c>RunAsync</c>/<c>StartAsync</c>.
    /// </summary>
    /// <param name="options">Models, addresses, API key and limits.</param>
    /// <param name="configure">Last changes to the builder before it is built (e.g. a test server, logging); may be null.</param>
    public static WebApplication CreateApplication(ModelServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TimeProvider time = options.TimeProvider ?? TimeProvider.System;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(sp => new ModelRegistry(
            options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.ModelServer"), time, PredictionEnginePoolServiceCollectionExtensions.ReloadDebounce));
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        var registry = app.Services.GetRequiredService<ModelRegistry>(); // loads the models now
        app.Lifetime.ApplicationStopping.Register(() => registry.Accepting = false);
        app.Lifetime.ApplicationStopped.Register(registry.Dispose);
        var handlers = new ServerEndpoints(registry, options.ToEndpointOptions(), time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.Predict"));

        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = http => Problems.ServerError().ExecuteAsync(http) });
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
    /// Runs the server until <paramref name="cancellationToken"/> is cancelled or the process is asked to stop (Ctrl+C,
    /// SIGTERM); in-flight requests are drained for up to <see cref="ModelServerOptions.ShutdownTimeout"/>.
    /// Returns the exit code: 0 after a clean shutdown, 1 when a model cannot be loaded or the address cannot be bound,
    /// 2 when the options are not valid (the reason is written to standard error).
    /// </summary>
    public static async Task<int> RunAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplication app;
        try
        {
            app = CreateApplication(options);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on {options.Urls}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }

            ServingLog.Serving(app.Logger, options.Models.Count, string.Join(", ", app.Urls), options.ApiKey is null ? "" : " (API key required)");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }
}
