namespace MLNetDeep;

/// <summary>Regression: Single labels (<c>context.Regression</c>), as ML.NET's <c>RegressionCatalog</c>.</summary>
public sealed partial class RegressionCatalog
{
    internal RegressionCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }
}
