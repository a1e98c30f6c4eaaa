namespace MLNetDeep.Serving.Http;

using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>
/// The Meter "MLNetDeep.Serving": <c>mlnetdeep.serving.requests</c> (counter, tags <c>model</c> and <c>status</c>),
/// <c>mlnetdeep.serving.request.duration</c> (histogram, milliseconds, same tags) and <c>mlnetdeep.serving.predictions</c>
/// (counter of predicted rows, tag <c>model</c>). Read them with dotnet-counters, OpenTelemetry or a MeterListener.
/// </summary>
internal static class ServingMetrics
{
    public const string MeterName = "MLNetDeep.Serving";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("mlnetdeep.serving.requests", "{request}", "Prediction requests, by model and HTTP status.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("mlnetdeep.serving.request.duration", "ms", "Time to answer a prediction request, by model and HTTP status.");
    private static readonly Counter<long> Predictions = Meter.CreateCounter<long>("mlnetdeep.serving.predictions", "{row}", "Rows predicted, by model.");

    public static void Record(string model, int status, double milliseconds, int rows)
    {
        var tags = new TagList { { "model", model }, { "status", status } };
        Requests.Add(1, tags);
        Duration.Record(milliseconds, tags);
        if (rows > 0)
        {
            Predictions.Add(rows, new KeyValuePair<string, object?>("model", model));
        }
    }
}
