namespace MLNetDeep.AutoML;

using Microsoft.ML;

/// <summary>
/// The <c>Sweep()</c> entry point on ML.NET's <see cref="MLContext"/> (Microsoft.ML.AutoML's <c>mlContext.Auto()</c>
/// has another name, so a file may import both namespaces).
/// </summary>
public static class SweepCatalogExtensions
{
    /// <summary>The sweep catalog of <paramref name="context"/>: <c>ml.Sweep().CreateExperiment(...)</c>.</summary>
    /// <param name="context">The ML.NET context (its data and evaluators serve the experiment; each trial gets its own context).</param>
    public static SweepCatalog Sweep(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SweepCatalog(context);
    }
}
