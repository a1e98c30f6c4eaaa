namespace MLNetDeep.Serving.Server;

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Dynamic;
using MLNetDeep.Serving.Http;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>The schema-driven server's request handlers.</summary>
internal sealed class ServerEndpoints(ModelRegistry registry, ServerLifecycle lifecycle, PredictEndpointOptions options, TimeProvider time, ILogger logger)
{
    /// <summary><c>POST /models/{name}/predict</c>: rows keyed by input column names in, output columns out.</summary>
    public async Task<IResult> PredictAsync(HttpContext http, string name)
    {
        long start = time.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError, rows = 0;
        try
        {
            if (!registry.TryGet(name, out ReloadingModel<SchemaEngine> model))
            {
                status = StatusCodes.Status404NotFound;
                return UnknownModel(name);
            }

            var (document, problem) = await RequestBody.ReadAsync(http, options).ConfigureAwait(false);
            if (problem is not null)
            {
                status = (problem as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest;
                return problem;
            }

            using (document)
            {
                bool many = document!.RootElement.ValueKind == JsonValueKind.Array;
                List<JsonElement> elements = RequestBody.Rows(document);
                ModelGeneration<SchemaEngine> generation;
                try
                {
                    generation = model.Acquire(); // every row of this request uses this one
                }
                catch (ObjectDisposedException)
                {
                    status = StatusCodes.Status503ServiceUnavailable;
                    return Problems.Stopping();
                }

                try
                {
                    var inputs = new object?[elements.Count][];
                    for (int i = 0; i < elements.Count; i++)
                    {
                        RowError? error = generation.Reader.Read(elements[i], out inputs[i]);
                        if (error is not null)
                        {
                            status = StatusCodes.Status400BadRequest;
                            return Problems.BadRequest(many ? $"Row {i}: {error.Message}" : error.Message, error.Field, many ? i : null);
                        }
                    }

                    var buffer = new ArrayBufferWriter<byte>(256 * inputs.Length);
                    using (var writer = new Utf8JsonWriter(buffer))
                    {
                        SchemaEngine engine = generation.Rent();
                        try
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
                        finally
                        {
                            generation.Return(engine);
                        }
                    }

                    status = StatusCodes.Status200OK;
                    rows = inputs.Length;
                    return Results.Bytes(buffer.WrittenMemory, "application/json");
                }
                finally
                {
                    generation.Release();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServingLog.PredictionFailed(logger, name, e);
            status = StatusCodes.Status500InternalServerError;
            return Problems.ServerError();
        }
        finally
        {
            ServingMetrics.Record(name, status, time.GetElapsedTime(start).TotalMilliseconds, rows);
        }
    }

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
            return UnknownModel(name);
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

    private IResult UnknownModel(string name) =>
        Problems.NotFound($"No model named '{name}'. Models: {string.Join(", ", registry.Names.Select(n => $"'{n}'"))}.");
}
