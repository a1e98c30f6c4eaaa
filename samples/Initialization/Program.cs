using MLNetDeep.Samples;
using MLNetDeep.Samples.Initialization;

var (train, test) = InitializationExperiment.DefaultData();
IReadOnlyList<CourseRow> rows = InitializationExperiment.Run(train, test);
CourseTable.Print("Initialization: [2, 10, 5, 1] ReLU network, 15000 gradient-descent iterations, rate 0.01, circles data", rows, args);
