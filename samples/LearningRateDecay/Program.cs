using System.Globalization;
using MLNetDeep.Samples.LearningRateDecay;

// Usage: dotnet run -c Release --project samples/LearningRateDecay -- [--epochs N] [--json] [--svg DIR]
int i = Array.IndexOf(args, "--epochs");
int epochs = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 5000;
var (train, test) = LearningRateDecayExperiment.DefaultData();
var runs = LearningRateDecayExperiment.Run(train, test, epochs);
LearningRateDecayExperiment.Print(runs, args);
LearningRateDecayExperiment.Draw(runs, train, args);
