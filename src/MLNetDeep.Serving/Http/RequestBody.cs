namespace MLNetDeep.Serving.Http;

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using MLNetDeep.Serving.Json;

/// <summary>
/// Reads a prediction request's body: a charset other than UTF-8 (415), size limit (413), a stalled body (408: Kestrel's
/// minimum data rate), bytes that are not UTF-8 (400, naming the offset; a UTF-8 byte order mark is skipped), JSON parse
/// with a depth limit (400), one object or an array of them.
/// </summary>
internal static class RequestBody
{
    /// <summary>The largest first buffer of a body, whatever its Content-Length says (larger bodies grow it as they arrive).</summary>
    internal const int FirstBuffer = 16 * 1024;

    /// <summary>The rows of the request, or the problem to answer with. The caller disposes the rows.</summary>
    public static async Task<(Rows? Rows, IResult? Problem)> ReadAsync(HttpContext http, PredictEndpointOptions options)
    {
        if (NotUtf8Charset(http.Request.ContentType) is string charset)
        {
            return (null, Problems.UnsupportedMediaType(
                $"The body must be JSON in UTF-8; the Content-Type header says charset={charset}. Send it as UTF-8 (Content-Type: application/json)."));
        }

        long limit = Math.Min(options.MaxRequestBodyBytes, Array.MaxLength - 1); // the body is held in one array
        if (http.Request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        // The loop below counts the body's bytes. Kestrel's own limit counts a chunked body's framing too (each chunk's
        // size line and CRLFs: a body in 7-byte chunks was refused at 58% of the limit), so it is lifted for this body.
        if (http.Request.ContentLength is null && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        // Read into a pooled buffer, sized from Content-Length up to FirstBuffer and doubled as bytes arrive: a client that
        // announces 1 MiB and sends nothing holds 16 KiB, not a buffer of the announced length.
        byte[] body = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(limit, http.Request.ContentLength ?? 1023) + 1, FirstBuffer));
        int length = 0;
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(body.AsMemory(length), http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if ((length += read) > limit)
                {
                    return Refuse(body, Problems.TooLarge(limit));
                }

                if (length == body.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, 2L * body.Length));
                    body.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(body);
                    body = larger;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(body, Problems.TooLarge(limit));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return Refuse(body, Problems.BodyTimeout());
        }
        catch (BadHttpRequestException e)
        {
            return Refuse(body, Problems.BadRequest("The request body could not be read: " + e.Message));
        }
        catch (IOException)
        {
            return Refuse(body, Problems.BadRequest("The request body could not be read: the connection was closed while it was sent."));
        }

        int skip = body.AsSpan(0, length).StartsWith(Utf8ByteOrderMark) ? Utf8ByteOrderMark.Length : 0;
        ReadOnlySpan<byte> json = body.AsSpan(skip, length - skip);
        if (FirstInvalidUtf8(json) is int offset)
        {
            // System.Text.Json does not check the UTF-8 of strings while parsing; reading them later would throw.
            return Refuse(body, Problems.BadRequest($"The body is not valid UTF-8: the byte 0x{json[offset]:X2} at offset {offset} does not start a valid UTF-8 sequence. Send JSON in UTF-8."));
        }

        // One pass over the whole body checks it is JSON within the depth limit and counts the rows, before any row is read.
        var readerOptions = new JsonReaderOptions { MaxDepth = options.MaxJsonDepth };
        var reader = new Utf8JsonReader(json, readerOptions);
        int rows = 0;
        try
        {
            reader.Read();
            JsonTokenType root = reader.TokenType;
            while (reader.Read())
            {
                if (reader.ValueIsEscaped)
                {
                    reader.GetString(); // a lone surrogate escape (\uD800) parses, then throws when read
                }

                if (root == JsonTokenType.StartArray && reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                {
                    rows++;
                }
            }

            if (root is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return Refuse(body, Problems.BadRequest("The body must be a JSON object (one row) or an array of objects (several rows)."));
            }

            if (root == JsonTokenType.StartArray && (rows == 0 || rows > options.MaxRowsPerRequest))
            {
                return Refuse(body, Problems.BadRequest($"An array body must hold from 1 to {options.MaxRowsPerRequest} rows; it holds {rows}."));
            }

            return (new Rows(body, skip, length - skip, readerOptions, root == JsonTokenType.StartArray, Math.Max(rows, 1)), null);
        }
        catch (JsonException e)
        {
            string why = e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
                ? $"The JSON body nests deeper than the limit of {options.MaxJsonDepth}."
                : "The body is not valid JSON: " + e.Message;
            return Refuse(body, Problems.BadRequest(why));
        }
        catch (InvalidOperationException)
        {
            return Refuse(body, Problems.BadRequest($"The body is not valid Unicode: the string at offset {reader.TokenStartIndex} escapes half of a surrogate pair (\\uD800 to \\uDFFF, each half needs the other). Send the character as UTF-8 or as both escapes."));
        }
    }

    private static (Rows?, IResult?) Refuse(byte[] pooled, IResult problem)
    {
        ArrayPool<byte>.Shared.Return(pooled);
        return (null, problem);
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

    /// <summary>
    /// A body that is JSON within the limits: one object, or an array of <see cref="Count"/> values, read row by row
    /// straight from its bytes (pooled: <see cref="Dispose"/> gives them back).
    /// </summary>
    internal sealed class Rows(byte[] pooled, int start, int length, JsonReaderOptions options, bool many, int count) : IDisposable
    {
        /// <summary>Whether the body is an array (the answer is then an array too).</summary>
        public bool Many => many;

        /// <summary>How many rows the body holds.</summary>
        public int Count => count;

        /// <summary>Reads every row with <paramref name="reader"/>; null when all fit, or the first problem and its row.</summary>
        public (int Row, RowError Error)? Read(JsonRowReader reader, object?[][] values)
        {
            var json = new Utf8JsonReader(pooled.AsSpan(start, length), options);
            json.Read();
            for (int i = 0; i < count; i++)
            {
                if (many)
                {
                    json.Read();
                }

                if (reader.Read(ref json, out values[i]) is RowError error)
                {
                    return (i, error);
                }
            }

            return null;
        }

        /// <inheritdoc/>
        public void Dispose() => ArrayPool<byte>.Shared.Return(pooled);
    }
}
