// A minimal API serving an ML.NET model (here one trained by MLNetDeep's FeedForward trainer) through MLNetDeep.Serving's
// prediction pool. Any ML.NET model zip works the same way.
//   dotnet run --project samples/AspNetPrediction [-- --model path/to/model.zip] [--urls http://127.0.0.1:5080]
//   curl -s localhost:5080/predict -H 'content-type: application/json' -d '{"X1": 0.5, "X2": -0.3}'
// Without --model it trains a small two-moons model into a temporary file first. Replace the model file while the app runs
// and the new model is swapped in without dropping a request (the old one is disposed once no request uses it).
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MLNetDeep.Samples.AspNetPrediction;
using MLNetDeep.Serving;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // not five lines per request
if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

string modelPath = builder.Configuration["model"] ?? DemoModel.TrainTo(Path.Combine(Path.GetTempPath(), "mlnetdeep-aspnet-sample.zip"));
builder.Services.AddPredictionPool<PointInput, PointPrediction>()
    .FromFile(modelName: "moons", filePath: modelPath, watchForChanges: true);

WebApplication app = builder.Build();

// JSON in, JSON out, problem details on bad input: the library's endpoint.
app.MapPredict<PointInput, PointPrediction>("/predict", modelName: "moons");

// Or use the pool yourself inside your own handler.
app.MapGet("/classify", (float x1, float x2, PredictionPool<PointInput, PointPrediction> pool) =>
{
    PointPrediction p = pool.Predict("moons", new PointInput { X1 = x1, X2 = x2 });
    return float.IsNaN(p.Score)
        ? Results.Problem($"The model cannot score ({x1}, {x2}).", statusCode: StatusCodes.Status422UnprocessableEntity)
        : Results.Ok(new { x1, x2, upperMoon = !p.Prediction, p.Probability });
});

// The pipeline itself (an ML.NET ITransformer), e.g. to score many rows at once.
app.MapGet("/columns", (PredictionPool<PointInput, PointPrediction> pool) =>
{
    ITransformer model = pool.GetModel("moons");
    // Hidden columns are the earlier versions of a column a later step replaced (two Score, two Probability): skip them.
    return Results.Ok(model.GetOutputSchema(new MLContext().Data.LoadFromEnumerable(Array.Empty<PointInput>()).Schema).Where(c => !c.IsHidden).Select(c => c.Name));
});

app.Run();

/// <summary>The app's entry point, public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
