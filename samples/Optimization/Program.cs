using MLNetDeep.Samples;
using MLNetDeep.Samples.Optimization;

var (train, test) = OptimizationExperiment.DefaultData();
IReadOnlyList<CourseRow> rows = OptimizationExperiment.Run(train, test);
CourseTable.Print("Optimization: [2, 5, 2, 1] ReLU network, He initialization, mini-batches of 64, rate 0.0007, 10000 epochs, moons data", rows, args);
