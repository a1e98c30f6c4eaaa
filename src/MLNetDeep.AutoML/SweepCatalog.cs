namespace MLNetDeep.AutoML;

/// <summary><c>context.Auto()</c>: creates AutoML experiments (ML.NET's <c>AutoCatalog</c>).</summary>
public sealed class AutoCatalog
{
    private readonly DeepContext _context;

    internal AutoCatalog(DeepContext context)
    {
        _context = context;
    }

    /// <summary>A new experiment over the context.</summary>
    /// <param name="settings">Its settings; null for the defaults. Default null.</param>
    public AutoMLExperiment CreateExperiment(AutoMLExperimentSettings? settings = null) => new(_context, settings);
}
