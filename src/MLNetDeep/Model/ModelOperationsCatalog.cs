namespace MLNetDeep.Model;

/// <summary>Saving, loading and serving models (<c>context.Model</c>), as ML.NET's <c>ModelOperationsCatalog</c>.</summary>
public sealed partial class ModelOperationsCatalog
{
    internal ModelOperationsCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }
}
