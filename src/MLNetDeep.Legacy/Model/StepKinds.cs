namespace MLNetDeep.Legacy.Model;

using MLNetDeep.Legacy.Trainers;

/// <summary>
/// The closed set of step kinds a model file may contain: the transforms (<see cref="TransformKinds"/>) and the three
/// predictors. Loading never instantiates a type named in the file; it only looks kinds up here.
/// </summary>
internal static class StepKinds
{
    private static readonly Dictionary<string, Func<ModelLoadContext, ITransformer>> All = Build();

    public static IEnumerable<string> Known => All.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string kind, out Func<ModelLoadContext, ITransformer> loader) => All.TryGetValue(kind, out loader!);

    private static Dictionary<string, Func<ModelLoadContext, ITransformer>> Build()
    {
        var all = new Dictionary<string, Func<ModelLoadContext, ITransformer>>(TransformKinds.Loaders, StringComparer.Ordinal)
        {
            ["BinaryPredictor"] = BinaryPredictionTransformer.Load,
            ["MulticlassPredictor"] = MulticlassPredictionTransformer.Load,
            ["RegressionPredictor"] = RegressionPredictionTransformer.Load,
        };
        return all;
    }
}
