using MLNetDeep.Samples;
using MLNetDeep.Samples.Initialization;

// Usage: dotnet run -c Release --project samples/Initialization -- [--json] [--svg DIR]
var (train, test) = InitializationExperiment.DefaultData();
IReadOnlyList<CourseModel> models = InitializationExperiment.RunModels(train, test);
CourseTable.Print("Initialization: [2, 10, 5, 1] ReLU network, 15000 gradient-descent iterations, rate 0.01, circles data", [.. models.Select(m => m.Row)], args);
InitializationExperiment.Draw(models, train, args);
