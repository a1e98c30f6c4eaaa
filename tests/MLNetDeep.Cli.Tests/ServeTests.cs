namespace MLNetDeep.Cli.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

[TestClass]
public sealed class ServeTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task ServeAnswersPredictionsThenShutsDownCleanlyOnCancellation()
    {
        string folder = TestData.NewFolder("serve");
        string data = TestData.Binary(folder);
        string model = Path.Combine(folder, "weather.zip");
        CliRunner.Run("train", "--data", data, "--label", "y", "--task", "binary", "--model", model, "--epochs", "3", "--hidden", "8").Ok();

        int port = FreePort();
        using var stop = new CancellationTokenSource();
        Task<CliResult> server = Task.Run(() => CliRunner.Run(stop.Token, "serve", "--model", model, "--urls", $"http://127.0.0.1:{port}", "--api-key", "k1"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-API-Key", "k1");
        for (int i = 0; i < 100 && !server.IsCompleted; i++)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.IsFalse(server.IsCompleted, $"the server stopped early: {(server.IsCompleted ? server.Result.Error : "")}");
        HttpResponseMessage response = await http.PostAsJsonAsync("/models/weather/predict", new { x1 = 55.0, x2 = 0.3, color = "red" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        using (JsonDocument doc = JsonDocument.Parse(body))
        {
            JsonElement row = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
            Assert.IsTrue(row.TryGetProperty("Probability", out JsonElement p), body);
            Assert.IsTrue(p.GetDouble() is >= 0 and <= 1);
        }

        using var noKey = new HttpClient { BaseAddress = http.BaseAddress };
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await noKey.GetAsync("/models/weather")).StatusCode);

        stop.Cancel();
        CliResult result = await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, result.Code, result.Error);
        StringAssert.Contains(result.Error, "serving 'weather'");
    }

    [TestMethod]
    public void ServeNamesAMissingModelFile()
    {
        CliRunner.Run("serve", "--model", "nowhere/none.zip").Fails(1, "none.zip", "does not exist");
    }
}
