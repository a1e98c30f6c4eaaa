namespace MLNetDeep.Serving.Server;

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Dynamic;
using MLNetDeep.Serving.Http;
using MLNetDeep.Serving.Models;

/// <summary>The schema-driven server's request handlers.</summary>
internal sealed class ServerEndpoints(ModelRegistry registry, ServerLifecycle lifecycle, PredictEndpointOptions options, TimeProvider time, ILogger logger)
{
    /// <summary><c>POST /models/{name}/predict</c>: rows keyed by input column names in, output columns out.</summary>
    public Task<IResult> PredictAsync(HttpContext http, string name) =>
        PredictRequest.RunAsync(http, name, registry.TryGet(name, out ReloadingModel<SchemaEngine> model) ? model : null, registry.Names, options, time, logger, Predict);

    /// <summary>Every row through one engine of the request's generation, written as one JSON object (or an array of them).</summary>
    private static IResult Predict(ModelGeneration<SchemaEngine> generation, object?[][] inputs, bool many) => generation.WithEngine(engine =>
    {
        var buffer = new ArrayBufferWriter<byte>(256 * inputs.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (many)
            {
                writer.WriteStartArray();
            }

            foreach (object?[] values in inputs)
            {
                engine.Predict(values, writer);
            }

            if (many)
            {
                writer.WriteEndArray();
            }
        }

        return Results.Bytes(buffer.WrittenMemory, "application/json");
    });

    /// <summary><c>GET /models</c>: the models' names and generations.</summary>
    public IResult List() => Results.Json(new JsonObject
    {
        ["models"] = new JsonArray(registry.Models.Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m.Name,
            ["generation"] = m.Current.Number,
            ["href"] = $"/models/{m.Name}",
        }).ToArray()),
    });

    /// <summary><c>GET /models/{name}</c>: schema, outputs, pipeline, training record (MLNetDeep models) and reload state.</summary>
    public IResult Metadata(string name)
    {
        if (!registry.TryGet(name, out ReloadingModel<SchemaEngine> model))
        {
            return Problems.UnknownModel(name, registry.Names);
        }

        ModelGeneration<SchemaEngine> generation;
        try
        {
            generation = model.Acquire();
        }
        catch (ObjectDisposedException)
        {
            return Problems.Stopping();
        }

        try
        {
            return Results.Json(ModelDescription.Describe(model, generation));
        }
        finally
        {
            generation.Release();
        }
    }

    /// <summary><c>GET /healthz</c>: the process is up.</summary>
    public static IResult Health() => Results.Json(new JsonObject { ["status"] = "healthy" });

    /// <summary><c>GET /readyz</c>: every model is loaded and the server is not stopping (else 503).</summary>
    public IResult Ready() => lifecycle.Draining
        ? Results.Json(new JsonObject { ["status"] = "stopping" }, statusCode: StatusCodes.Status503ServiceUnavailable)
        : Results.Json(new JsonObject { ["status"] = "ready", ["models"] = new JsonArray(registry.Names.Select(n => (JsonNode)n).ToArray()) });
}
