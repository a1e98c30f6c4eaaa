using System.Globalization;
using MLNetDeep.Samples;
using MLNetDeep.Samples.Signs;

// Usage: dotnet run -c Release --project samples/Signs -- [--full] [--train N] [--epochs N] [--print-every N] [--lr X]
//        [--examples N] [--data FOLDER] [--json]
var settings = new SignsSettings();
settings = settings with
{
    Folder = Arg("--data") ?? settings.Folder,
    TrainCount = args.Contains("--full") ? null : Int("--train") ?? settings.TrainCount,
    Epochs = Int("--epochs") ?? settings.Epochs,
    PrintEvery = Int("--print-every") ?? settings.PrintEvery,
    Examples = Int("--examples") ?? settings.Examples,
    LearningRate = Arg("--lr") is string lr ? float.Parse(lr, CultureInfo.InvariantCulture) : settings.LearningRate,
};
if (!FashionMnist.IsAvailable(settings.Folder))
{
    Console.Error.WriteLine($"Fashion-MNIST is not under {settings.Folder}: apt-get install {FashionMnist.Package} (or --data FOLDER).");
    return 1;
}

SignsResult result = SignsExperiment.Run(settings);
SignsExperiment.Print(result, settings, args);
return 0;

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int? Int(string name) => Arg(name) is string s ? int.Parse(s, CultureInfo.InvariantCulture) : null;
