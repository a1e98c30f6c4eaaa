namespace MLNetDeep.Serving.Tests;

using System.Net;
using System.Text.Json;

/// <summary>Checks an RFC 7807 answer: status, media type, detail text, the field named, and no stack trace.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains, string? field = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(body, @"\bat [\w.`<>]+\(|\.cs:line"), "no stack trace leaves the server: " + body);
        Assert.DoesNotContain("Exception", body, "no exception type leaves the server");
        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual((int)status, problem.GetProperty("status").GetInt32());
        StringAssert.Contains(problem.GetProperty("detail").GetString(), detailContains, body);
        if (field is not null)
        {
            Assert.AreEqual(field, problem.GetProperty("field").GetString(), body);
        }

        return problem;
    }
}
