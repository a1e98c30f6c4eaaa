namespace MLNetDeep.Serving.Http;

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

/// <summary>
/// Reads a prediction request's body: a charset other than UTF-8 (415), size limit (413), a stalled body (408: Kestrel's
/// minimum data rate), bytes that are not UTF-8 (400, naming the offset; a UTF-8 byte order mark is skipped), JSON parse
/// with a depth limit (400), one object or an array of them.
/// </summary>
internal static class RequestBody
{
    /// <summary>The rows of the request, or the problem to answer with. The caller disposes the document.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpContext http, PredictEndpointOptions options)
    {
        if (NotUtf8Charset(http.Request.ContentType) is string charset)
        {
            return (null, Problems.UnsupportedMediaType(
                $"The body must be JSON in UTF-8; the Content-Type header says charset={charset}. Send it as UTF-8 (Content-Type: application/json)."));
        }

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

        ReadOnlyMemory<byte> json = body.AsMemory();
        if (json.Span.StartsWith(Utf8ByteOrderMark))
        {
            json = json[Utf8ByteOrderMark.Length..];
        }

        if (FirstInvalidUtf8(json.Span) is int offset)
        {
            // System.Text.Json does not check the UTF-8 of strings while parsing; reading them later would throw.
            return (null, Problems.BadRequest($"The body is not valid UTF-8: the byte 0x{json.Span[offset]:X2} at offset {offset} does not start a valid UTF-8 sequence. Send JSON in UTF-8."));
        }

        try
        {
            JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
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

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The charset a Content-Type header names when it is neither UTF-8 nor ASCII (a subset of it); null otherwise.</summary>
    private static string? NotUtf8Charset(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? type) || type.Charset.Length == 0)
        {
            return null;
        }

        string charset = type.Charset.Value!.Trim('"');
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) ? null : charset;
    }

    /// <summary>The offset of the first byte of <paramref name="bytes"/> that does not begin a valid UTF-8 sequence; null when all are valid.</summary>
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        int offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>The rows of a body: the object itself, or the array's elements.</summary>
    public static List<JsonElement> Rows(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : [document.RootElement];
}
