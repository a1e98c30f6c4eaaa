namespace MLNetDeep;

/// <summary>Binary classification: Boolean labels (<c>context.BinaryClassification</c>), as ML.NET's <c>BinaryClassificationCatalog</c>.</summary>
public sealed partial class BinaryClassificationCatalog
{
    internal BinaryClassificationCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }
}
