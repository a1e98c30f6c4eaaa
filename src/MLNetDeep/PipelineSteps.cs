namespace MLNetDeep;

using Microsoft.ML;

/// <summary>
/// The steps of a fitted ML.NET pipeline as <c>mlnetdeep info</c>, the model server's <c>GET /models/{name}</c> and the
/// HTML reports list them: the transformers in order, chains of chains flattened, each named by its type as C# writes it.
/// </summary>
public static class PipelineSteps
{
    /// <summary>The transformers of <paramref name="model"/> in order, nested chains flattened; a model that is not a chain is its one step.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    public static IEnumerable<ITransformer> Of(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is IEnumerable<ITransformer> chain ? chain.SelectMany(Of) : [model];
    }

    /// <summary>A step's type as C# writes it, without namespaces: e.g. <c>BinaryPredictionTransformer&lt;FastTreeBinaryModelParameters&gt;</c>.</summary>
    /// <param name="step">A transformer.</param>
    public static string Name(ITransformer step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return TypeName(step.GetType());
    }

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
