namespace MLNetDeep.Model;

using MLNetDeep.Transforms;

/// <summary>The transform step kinds a model file may contain, and how each is loaded.</summary>
internal static class TransformKinds
{
    public static IReadOnlyDictionary<string, Func<ModelLoadContext, ITransformer>> Loaders { get; } = new Dictionary<string, Func<ModelLoadContext, ITransformer>>
    {
        ["Concatenate"] = ColumnConcatenatingTransformer.Load,
    };
}
