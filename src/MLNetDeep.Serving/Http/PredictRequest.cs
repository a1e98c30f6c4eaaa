namespace MLNetDeep.Serving.Http;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Json;
using MLNetDeep.Serving.Models;

/// <summary>
/// The steps every prediction endpoint shares (<c>MapPredict</c> and the model server): find the model, read and limit
/// the body, read every row against the generation that answers the whole request, then let the endpoint predict; and
/// the answers for what goes wrong on the way (404, 400 naming the field and row, 408, 413, 503 while stopping, 500
/// logged), with the request's metrics recorded whatever the outcome.
/// </summary>
internal static class PredictRequest
{
    /// <summary>Runs a request for <paramref name="name"/>; <paramref name="predict"/> gets the generation, the rows' values and whether the body was an array.</summary>
    public static async Task<IResult> RunAsync<TEngine>(
        HttpContext http, string name, ReloadingModel<TEngine>? model, IEnumerable<string> modelNames, PredictEndpointOptions options,
        TimeProvider time, ILogger logger, Func<ModelGeneration<TEngine>, object?[][], bool, IResult> predict)
        where TEngine : class, IDisposable
    {
        long start = time.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError, rows = 0;
        try
        {
            if (model is null)
            {
                status = StatusCodes.Status404NotFound;
                return Problems.UnknownModel(name, modelNames);
            }

            var (body, problem) = await RequestBody.ReadAsync(http, options).ConfigureAwait(false);
            if (problem is not null)
            {
                status = (problem as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest;
                return problem;
            }

            using (body)
            {
                bool many = body!.Many;
                ModelGeneration<TEngine> generation;
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
                    var inputs = new object?[body.Count][];
                    if (body.Read(generation.Reader, inputs) is (int row, RowError error))
                    {
                        status = StatusCodes.Status400BadRequest;
                        return Problems.BadRequest(many ? $"Row {row}: {error.Message}" : error.Message, error.Field, many ? row : null);
                    }

                    IResult answer = predict(generation, inputs, many);
                    status = StatusCodes.Status200OK;
                    rows = inputs.Length;
                    return answer;
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
}
