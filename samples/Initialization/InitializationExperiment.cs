namespace MLNetDeep.Samples.Initialization;

using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Training;

/// <summary>
/// The course's Initialization notebook: a [2, 10, 5, 1] ReLU network with a sigmoid output, trained by full-batch
/// gradient descent (15000 iterations, rate 0.01) on the circles data, once per initialization: zeros, large random
/// (N(0, 10^2)) and He.
/// </summary>
public static class InitializationExperiment
{
    /// <summary>Runs the three models; <paramref name="iterations"/> defaults to the course's 15000.</summary>
    public static IReadOnlyList<CourseRow> Run(ExampleSet train, ExampleSet test, int iterations = 15000, long seed = 3) =>
        RunModels(train, test, iterations, seed).Select(m => m.Row).ToArray();

    /// <summary>Runs the three models and keeps each trained network and its cost per iteration (for the pictures).</summary>
    public static IReadOnlyList<CourseModel> RunModels(ExampleSet train, ExampleSet test, int iterations = 15000, long seed = 3)
    {
        (string Name, string FileName, Initializer Init)[] models =
        [
            ("Zeros initialization", "zeros", Initializer.Zeros),
            ("Large random initialization (stddev 10)", "large-random", Initializer.RandomNormal(10)),
            ("He initialization", "he", Initializer.HeNormal),
        ];
        var rows = new List<CourseModel>();
        foreach (var (name, fileName, init) in models)
        {
            Network network = new NetworkArchitecture { HiddenLayers = [10, 5], Initializer = init }.Build(2, 1);
            network.Initialize(seed);
            var options = new TrainingOptions
            {
                LearningRate = 0.01f,
                NumberOfEpochs = iterations,
                BatchSize = train.Count,
                Optimizer = new OptimizerOptions { Kind = OptimizerKind.GradientDescent },
                Seed = seed,
                NumberOfThreads = 1,
            };
            TrainingResult result = new NetworkTrainer(network, new BinaryCrossEntropy(), options).Fit(train);
            rows.Add(new CourseModel(new CourseRow(name, Course.Accuracy(network, train), Course.Accuracy(network, test)), fileName, network,
                result.History.Select(r => r.Loss).ToArray()));
        }

        return rows;
    }

    /// <summary>
    /// With <c>--svg DIR</c> in <paramref name="args"/>: each model's decision boundary over the training data
    /// (<c>zeros.svg</c>, <c>large-random.svg</c>, <c>he.svg</c>) and the three cost curves (<c>cost.svg</c>). Without it
    /// nothing is written.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Draw(IReadOnlyList<CourseModel> models, ExampleSet train, string[] args) =>
        CoursePictures.DrawModels("Initialization", models, train, args);

    /// <summary>The course's data: circles, 300 training points and 100 test points, noise 0.05.</summary>
    public static (ExampleSet Train, ExampleSet Test) DefaultData() =>
        (SyntheticData.Circles(300, 0.05, seed: 1), SyntheticData.Circles(100, 0.05, seed: 2));
}
