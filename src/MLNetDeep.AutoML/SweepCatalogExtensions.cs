namespace MLNetDeep.AutoML;

/// <summary>The <c>Auto()</c> entry point on <see cref="DeepContext"/> (ML.NET's <c>mlContext.Auto()</c>).</summary>
public static class DeepContextExtensions
{
    /// <summary>The AutoML catalog of <paramref name="context"/>.</summary>
    public static AutoCatalog Auto(this DeepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AutoCatalog(context);
    }
}
