using MLNetDeep.Samples;
using MLNetDeep.Samples.Regularization;

// Default: the notebook's single run. --average: mean accuracies over RegularizationExperiment.Draws (six data draws).
// --svg DIR (single run only): each model's decision boundary and the cost curves.
const string Title = "Regularization: [2, 20, 3, 1] ReLU network, 30000 gradient-descent iterations, rate 0.3, field data";
if (args.Contains("--average"))
{
    CourseTable.Print($"{Title} (mean of {RegularizationExperiment.Draws.Count} data draws)", RegularizationExperiment.RunAveraged(), args);
}
else
{
    var (train, test) = RegularizationExperiment.DefaultData();
    IReadOnlyList<CourseModel> models = RegularizationExperiment.RunModels(train, test);
    CourseTable.Print(Title, [.. models.Select(m => m.Row)], args);
    RegularizationExperiment.Draw(models, train, args);
}
