namespace MLNetDeep.Samples.Signs;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;

/// <summary>
/// The course's TensorFlow notebook (hand signs): LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SOFTMAX with 25 and 12
/// hidden units, Xavier (Glorot uniform) initialization, Adam, mini-batches of 32 — trained here on real Fashion-MNIST
/// (784 pixels in, 10 classes out) instead of the 64 x 64 sign images, on a seeded subset of the training images.
/// </summary>
public static class SignsExperiment
{
    /// <summary>Trains the network and measures it.</summary>
    public static SignsResult Run(SignsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ExampleSet train = FashionMnist.Load(settings.Folder, "train", settings.TrainCount, settings.Seed);
        ExampleSet test = FashionMnist.Load(settings.Folder, "t10k", settings.TestCount, settings.Seed);

        Network network = new NetworkArchitecture { HiddenLayers = [25, 12], Initializer = Initializer.GlorotUniform }
            .Build(train.FeatureCount, FashionMnist.ClassNames.Count);
        network.Initialize(settings.Seed);
        var trainer = new NetworkTrainer(network, new SoftmaxCrossEntropy(), new TrainingOptions
        {
            LearningRate = settings.LearningRate,
            NumberOfEpochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam },
            Seed = settings.Seed,
        });
        var costs = new List<CostPoint>();
        trainer.EpochCompleted += (_, e) =>
        {
            int epoch = e.Record.Epoch - 1;
            if (epoch % settings.PrintEvery == 0 || e.Record.Epoch == e.TotalEpochs)
            {
                costs.Add(new CostPoint(epoch, e.Record.Loss));
            }
        };
        trainer.Fit(train);

        var row = new CourseRow("LINEAR->RELU->LINEAR->RELU->LINEAR->SOFTMAX [784, 25, 12, 10]", Course.Accuracy(network, train), Course.Accuracy(network, test));
        return new SignsResult(row, costs, Examples(network, test, settings.Examples), train.Count, test.Count);
    }

    /// <summary>The first <paramref name="count"/> test images with the network's prediction, as 28 x 28 ASCII art.</summary>
    public static IReadOnlyList<ImageExample> Examples(Network network, ExampleSet test, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(test);
        int n = Math.Min(count, test.Count);
        int size = test.FeatureCount, classes = network.OutputSize;
        var scores = new float[n * classes];
        network.Predict(test.Features.AsSpan(0, n * size), n, scores);
        var examples = new List<ImageExample>();
        for (int i = 0; i < n; i++)
        {
            int predicted = 0;
            for (int c = 1; c < classes; c++)
            {
                if (scores[(i * classes) + c] > scores[(i * classes) + predicted])
                {
                    predicted = c;
                }
            }

            examples.Add(new ImageExample(i, FashionMnist.ClassNames[predicted], FashionMnist.ClassNames[(int)test.Targets[i]],
                AsciiArt.Render(test.Features.AsSpan(i * size, size), FashionMnist.Side, FashionMnist.Side)));
        }

        return examples;
    }

    /// <summary>Prints the costs, the accuracy table and the images, or with <c>--json</c> only the table's JSON.</summary>
    public static void Print(SignsResult result, SignsSettings settings, string[] args)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        if (!args.Contains("--json"))
        {
            Console.WriteLine($"Fashion-MNIST: {result.TrainCount} training images (seeded random subset{(settings.TrainCount is null ? ": all" : "")}), {result.TestCount} test images");
            foreach (CostPoint c in result.Costs)
            {
                Console.WriteLine(FormattableString.Invariant($"Cost after epoch {c.Epoch}: {c.Cost:F6}"));
            }

            Console.WriteLine();
        }

        CourseTable.Print($"Signs network on Fashion-MNIST: Adam, rate {settings.LearningRate}, mini-batches of {settings.BatchSize}, {settings.Epochs} epochs", [result.Row], args);
        if (args.Contains("--json"))
        {
            return;
        }

        foreach (ImageExample e in result.Examples)
        {
            Console.WriteLine();
            Console.WriteLine($"Test image {e.Index}: predicted {e.Predicted}, true {e.Actual}{(e.Predicted == e.Actual ? "" : "  (wrong)")}");
            foreach (string line in e.Lines)
            {
                Console.WriteLine("  " + line);
            }
        }
    }
}
