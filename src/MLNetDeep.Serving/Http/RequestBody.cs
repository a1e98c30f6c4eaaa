namespace MLNetDeep.Serving.Http;

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

/// <summary>
/// Reads a prediction request's body: size limit (413), a stalled body (408: Kestrel's minimum data rate), JSON parse with
/// a depth limit (400), one object or an array of them.
/// </summary>
internal static class RequestBody
{
    /// <summary>The rows of the request, or the problem to answer with. The caller disposes the document.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpContext http, PredictEndpointOptions options)
    {
        long limit = options.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit))
        {
            size.MaxRequestBodySize = limit;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream(http.Request.ContentLength is long n ? (int)n : 1024);
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(limit));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return (null, Problems.BodyTimeout());
        }
        catch (BadHttpRequestException e)
        {
            return (null, Problems.BadRequest("The request body could not be read: " + e.Message));
        }
        catch (IOException)
        {
            return (null, Problems.BadRequest("The request body could not be read: the connection was closed while it was sent."));
        }

        try
        {
            JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            JsonValueKind kind = document.RootElement.ValueKind;
            if (kind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                document.Dispose();
                return (null, Problems.BadRequest("The body must be a JSON object (one row) or an array of objects (several rows)."));
            }

            if (kind == JsonValueKind.Array && document.RootElement.GetArrayLength() is int rows && (rows == 0 || rows > options.MaxRowsPerRequest))
            {
                document.Dispose();
                return (null, Problems.BadRequest($"An array body must hold from 1 to {options.MaxRowsPerRequest} rows; it holds {rows}."));
            }

            return (document, null);
        }
        catch (JsonException e)
        {
            string why = e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
                ? $"The JSON body nests deeper than the limit of {options.MaxJsonDepth}."
                : "The body is not valid JSON: " + e.Message;
            return (null, Problems.BadRequest(why));
        }
    }

    /// <summary>The rows of a body: the object itself, or the array's elements.</summary>
    public static List<JsonElement> Rows(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : [document.RootElement];
}
