using System.Globalization;
using MLNetDeep.Samples.LearningRateDecay;

// Usage: dotnet run -c Release --project samples/LearningRateDecay -- [--epochs N] [--json]
int i = Array.IndexOf(args, "--epochs");
int epochs = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 5000;
var (train, test) = LearningRateDecayExperiment.DefaultData();
LearningRateDecayExperiment.Print(LearningRateDecayExperiment.Run(train, test, epochs), args);
