// Loads libtorch through MLNetDeep.TorchSharp and trains one tiny step; prints LOADED <description>, or UNAVAILABLE
// <message> (exit 3) for LibTorchUnavailableException (then what the managed backend does after it), or the exception type (exit 4) for anything else.
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using MLNetDeep.TorchSharp;

try
{
    string how = TorchSharpBackend.EnsureAvailable();
    Network n = new NetworkArchitecture { HiddenLayers = [4] }.Build(2, 1);
    n.Initialize(1);
    new TorchSharpBackend().CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 1, NumberOfThreads = 1 })
        .Fit(new ExampleSet([0f, 1f, 1f, 0f], 2, [1f, 0f]));
    Console.WriteLine($"LOADED {how}");
    return 0;
}
catch (LibTorchUnavailableException e)
{
    Console.WriteLine($"UNAVAILABLE {e.Message} MISSING {string.Join(",", e.MissingVersions)}");

    // What callers that report unsupported requests (the CLI) catch it as; asking again gives the same error, and the
    // managed backend still trains in this process.
    Console.WriteLine($"NOT-SUPPORTED {((Exception)e) is NotSupportedException}");
    Network n = new NetworkArchitecture { HiddenLayers = [4] }.Build(2, 1);
    n.Initialize(1);
    try
    {
        new TorchSharpBackend().CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions());
    }
    catch (LibTorchUnavailableException again)
    {
        Console.WriteLine($"AGAIN {again.Message == e.Message}");
    }

    TrainingResult managed = TrainingBackend.Managed.CreateTrainer(n, new BinaryCrossEntropy(), new TrainingOptions { NumberOfEpochs = 1, NumberOfThreads = 1 })
        .Fit(new ExampleSet([0f, 1f, 1f, 0f], 2, [1f, 0f]));
    Console.WriteLine($"MANAGED {managed.History.Count} epoch");
    return 3;
}
catch (Exception e)
{
    Console.WriteLine($"OTHER {e.GetType().FullName}: {e.Message}");
    return 4;
}
