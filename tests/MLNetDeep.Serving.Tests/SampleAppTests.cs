namespace MLNetDeep.Serving.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>samples/AspNetPrediction hosted in memory by Microsoft.AspNetCore.Mvc.Testing's WebApplicationFactory.</summary>
[TestClass]
public sealed class SampleAppTests
{
    [TestMethod]
    public async Task TheSampleAppPredictsThroughThePoolAndItsEndpoint()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using HttpClient client = factory.CreateClient();

        HttpResponseMessage one = await client.PostAsJsonAsync("/predict", new { X1 = 1.0, X2 = 0.0 });
        string body = await one.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, one.StatusCode, body);
        using (JsonDocument doc = JsonDocument.Parse(body))
        {
            Assert.IsTrue(doc.RootElement.TryGetProperty("probability", out JsonElement p) || doc.RootElement.TryGetProperty("Probability", out p), body);
            Assert.IsTrue(p.GetDouble() is >= 0 and <= 1, body);
        }

        HttpResponseMessage many = await client.PostAsJsonAsync("/predict", new[] { new { X1 = 1.0, X2 = 0.0 }, new { X1 = 0.0, X2 = 0.5 } });
        Assert.AreEqual(HttpStatusCode.OK, many.StatusCode, await many.Content.ReadAsStringAsync());
        using (JsonDocument doc = JsonDocument.Parse(await many.Content.ReadAsStringAsync()))
        {
            Assert.AreEqual(2, doc.RootElement.GetArrayLength());
        }

        HttpResponseMessage classify = await client.GetAsync("/classify?x1=1.0&x2=0.0");
        Assert.AreEqual(HttpStatusCode.OK, classify.StatusCode);

        // The pipeline's output columns, each once (it listed the hidden earlier Score and Probability too).
        string[] columns = (await client.GetFromJsonAsync<string[]>("/columns"))!;
        CollectionAssert.AllItemsAreUnique(columns, string.Join(", ", columns));
        CollectionAssert.IsSubsetOf(new[] { "Score", "Probability", "PredictedLabel" }, columns, string.Join(", ", columns));

        HttpResponseMessage bad = await client.PostAsync("/predict", new StringContent("{\"X1\": \"north\"", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.AreEqual("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.IsFalse((await bad.Content.ReadAsStringAsync()).Contains("   at ", StringComparison.Ordinal), "no stack trace");
    }
}
