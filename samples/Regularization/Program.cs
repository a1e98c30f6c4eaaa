using MLNetDeep.Samples;
using MLNetDeep.Samples.Regularization;

var (train, test) = RegularizationExperiment.DefaultData();
IReadOnlyList<CourseRow> rows = RegularizationExperiment.Run(train, test);
CourseTable.Print("Regularization: [2, 20, 3, 1] ReLU network, 30000 gradient-descent iterations, rate 0.3, field data", rows, args);
