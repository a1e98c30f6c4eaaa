using MLNetDeep.Samples.HyperparameterTuning;

// Usage: dotnet run -c Release --project samples/HyperparameterTuning -- [--json]
var (train, validation) = HyperparameterTuningExperiment.DefaultData();
TuningResult result = await HyperparameterTuningExperiment.RunAsync(train, validation);
HyperparameterTuningExperiment.Print(result, args);
