using MLNetDeep.Samples;
using MLNetDeep.Samples.Optimization;

// Usage: dotnet run -c Release --project samples/Optimization -- [--json] [--svg DIR]
var (train, test) = OptimizationExperiment.DefaultData();
IReadOnlyList<CourseModel> models = OptimizationExperiment.RunModels(train, test);
CourseTable.Print("Optimization: [2, 5, 2, 1] ReLU network, He initialization, mini-batches of 64, rate 0.0007, 10000 epochs, moons data", [.. models.Select(m => m.Row)], args);
OptimizationExperiment.Draw(models, train, args);
