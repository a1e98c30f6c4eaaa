namespace MLNetDeep.Serving;

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using MLNetDeep.Serving.Http;
using MLNetDeep.Serving.Models;

/// <summary>Maps minimal-API prediction endpoints over a <see cref="PredictionPool{TIn, TOut}"/>.</summary>
public static class PredictionEndpointRouteBuilderExtensions
{
    /// <summary>The route value that names the model when <c>MapPredict</c> is given no model name.</summary>
    public const string ModelNameRouteValue = "modelName";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: the body is one JSON object keyed by <typeparamref name="TIn"/>'s
    /// column names (or an array of them) and the answer is one <typeparamref name="TOut"/> (or an array, in order), all
    /// rows of a request predicted by the same model generation; numbers JSON cannot carry (NaN, infinities) are written
    /// as null. Problems are answered as RFC 7807 problem details: 400 for malformed JSON, JSON nested deeper than the
    /// limit, a wrong type, a missing field or a vector of the wrong length (naming the field, and the row for arrays);
    /// 404 for an unknown model; 408 for a body that stalls; 413 for a body over the limit; 503 once the pool has been
    /// disposed (the host is stopping); 500, without details, for anything else (logged). The pool is resolved, and its models loaded, here.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, e.g. <c>/predict</c> or <c>/models/{modelName}/predict</c>.</param>
    /// <param name="modelName">The model to use; null (the default) takes it from the route value <c>{modelName}</c>.</param>
    /// <param name="options">Body size, depth and row limits; null for the defaults of <see cref="PredictEndpointOptions"/>.</param>
    public static RouteHandlerBuilder MapPredict<TIn, TOut>(this IEndpointRouteBuilder endpoints, string pattern, string? modelName = null, PredictEndpointOptions? options = null)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        options ??= new PredictEndpointOptions();
        options.Validate();
        IServiceProvider services = endpoints.ServiceProvider;
        var pool = services.GetRequiredService<PredictionPool<TIn, TOut>>();
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        ILogger logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MLNetDeep.Serving.Predict");
        var json = new JsonSerializerOptions(services.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web));
        json.Converters.Add(new NonFiniteAsNullConverter<float>());
        json.Converters.Add(new NonFiniteAsNullConverter<double>());
        var endpoint = new TypedEndpoint<TIn, TOut>(pool, modelName, options, time, logger, json);
        return endpoints.MapPost(pattern, (Delegate)((HttpContext http) => endpoint.PredictAsync(http)))
            .Accepts<TIn>("application/json")
            .Produces<TOut>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>One <c>MapPredict</c> endpoint's handler.</summary>
    private sealed class TypedEndpoint<TIn, TOut>(PredictionPool<TIn, TOut> pool, string? fixedName, PredictEndpointOptions options, TimeProvider time, ILogger logger, JsonSerializerOptions json)
        where TIn : class
        where TOut : class, new()
    {
        public Task<IResult> PredictAsync(HttpContext http)
        {
            string name = fixedName ?? http.GetRouteValue(ModelNameRouteValue) as string ?? string.Empty;
            return PredictRequest.RunAsync(
                http, name, pool.TryGetModel(name, out ReloadingModel<PredictionEngine<TIn, TOut>> model) ? model : null, pool.ModelNames,
                options, time, logger, Predict);
        }

        private IResult Predict(ModelGeneration<PredictionEngine<TIn, TOut>> generation, object?[][] inputs, bool many)
        {
            TOut[] outputs = generation.WithEngine(engine => inputs.Select(values => engine.Predict(pool.Binder.Bind(values))).ToArray());
            return many ? Results.Json(outputs, json) : Results.Json(outputs[0], json);
        }
    }
}
