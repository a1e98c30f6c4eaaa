namespace MLNetDeep.AutoML;

using Microsoft.ML;

/// <summary>
/// <c>ml.Sweep()</c>: creates sweep experiments over any ML.NET pipeline (what <c>mlContext.Auto()</c> is in
/// Microsoft.ML.AutoML, under a name that does not collide with it).
/// </summary>
public sealed class SweepCatalog
{
    private readonly MLContext _context;

    internal SweepCatalog(MLContext context)
    {
        _context = context;
    }

    /// <summary>A new experiment over the context.</summary>
    /// <param name="settings">Its settings; null for the defaults. Default null.</param>
    public SweepExperiment CreateExperiment(SweepExperimentSettings? settings = null) => new(_context, settings);
}
