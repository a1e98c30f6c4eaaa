using MLNetDeep.Samples;
using MLNetDeep.Samples.Regularization;

// Default: the notebook's single run. --average: mean accuracies over RegularizationExperiment.Draws (six data draws).
const string Title = "Regularization: [2, 20, 3, 1] ReLU network, 30000 gradient-descent iterations, rate 0.3, field data";
if (args.Contains("--average"))
{
    CourseTable.Print($"{Title} (mean of {RegularizationExperiment.Draws.Count} data draws)", RegularizationExperiment.RunAveraged(), args);
}
else
{
    var (train, test) = RegularizationExperiment.DefaultData();
    CourseTable.Print(Title, RegularizationExperiment.Run(train, test), args);
}
