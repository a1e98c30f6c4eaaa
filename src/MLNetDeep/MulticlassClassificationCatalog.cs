namespace MLNetDeep;

/// <summary>Multiclass classification: key labels (from MapValueToKey) (<c>context.MulticlassClassification</c>), as ML.NET's <c>MulticlassClassificationCatalog</c>.</summary>
public sealed partial class MulticlassClassificationCatalog
{
    internal MulticlassClassificationCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }
}
