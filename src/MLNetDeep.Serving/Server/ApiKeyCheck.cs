namespace MLNetDeep.Serving.Server;

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using MLNetDeep.Serving.Http;

/// <summary>Middleware: every request must carry the API key in <c>X-API-Key</c>; compared in constant time (of the SHA-256 digests, so the length leaks nothing either).</summary>
internal sealed class ApiKeyCheck(string apiKey)
{
    public const string HeaderName = "X-API-Key";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        string? sent = http.Request.Headers[HeaderName].Count == 1 ? http.Request.Headers[HeaderName][0] : null;
        if (sent is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _expected))
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey header=\"" + HeaderName + "\"";
            await Problems.Unauthorized().ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }
}
