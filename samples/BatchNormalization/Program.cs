using System.Globalization;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Samples.BatchNormalization;

// Usage: dotnet run -c Release --project samples/BatchNormalization -- [--lr X] [--epochs N] [--hidden 32,32,...]
//        [--optimizer GradientDescent|Momentum|Adam] [--batch-size N] [--seed S] [--every N] [--json] [--svg DIR]
var settings = new BatchNormalizationSettings();
settings = settings with
{
    LearningRate = Arg("--lr") is string lr ? float.Parse(lr, CultureInfo.InvariantCulture) : settings.LearningRate,
    Epochs = Arg("--epochs") is string e ? int.Parse(e, CultureInfo.InvariantCulture) : settings.Epochs,
    BatchSize = Arg("--batch-size") is string b ? int.Parse(b, CultureInfo.InvariantCulture) : settings.BatchSize,
    HiddenLayers = Arg("--hidden") is string h ? h.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : settings.HiddenLayers,
    Seed = Arg("--seed") is string s ? long.Parse(s, CultureInfo.InvariantCulture) : settings.Seed,
    Optimizer = Arg("--optimizer") is string o ? Enum.Parse<OptimizerKind>(o, ignoreCase: true) : settings.Optimizer,
};
var (train, test) = BatchNormalizationExperiment.DefaultData();
var runs = BatchNormalizationExperiment.Run(train, test, settings);
BatchNormalizationExperiment.Print(runs, settings, args, Arg("--every") is string every ? int.Parse(every, CultureInfo.InvariantCulture) : 5);
BatchNormalizationExperiment.Draw(runs, args);

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
