namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Legacy.Transforms;

/// <summary>
/// The entry point of MLNetDeep, shaped like ML.NET's <c>MLContext</c> (and named differently so both can be used
/// side by side): catalogs of data operations, transforms, trainers per task and model operations, plus a log.
/// </summary>
/// <remarks>
/// One seed drives initialization, shuffling, dropout masks and splits. MLNetDeep is deterministic by default:
/// a null seed means 0 (ML.NET picks a random seed instead). Components with a seed option of their own use it when set.
/// </remarks>
public sealed class DeepContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed; default null, which means 0.</param>
    public DeepContext(int? seed = null)
    {
        Seed = seed ?? 0;
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        BinaryClassification = new BinaryClassificationCatalog(this);
        MulticlassClassification = new MulticlassClassificationCatalog(this);
        Regression = new RegressionCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The seed in effect.</summary>
    public int Seed { get; }

    /// <summary>Loading, splitting and converting data.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Feature transforms: concatenation, normalization, key mapping, one-hot encoding, ...</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Binary classification trainers and metrics.</summary>
    public BinaryClassificationCatalog BinaryClassification { get; }

    /// <summary>Multiclass classification trainers and metrics.</summary>
    public MulticlassClassificationCatalog MulticlassClassification { get; }

    /// <summary>Regression trainers and metrics.</summary>
    public RegressionCatalog Regression { get; }

    /// <summary>Saving, loading and serving models.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Progress and diagnostic messages from trainers and other components.</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    internal void WriteLog(string source, string message) => Log?.Invoke(this, new LoggingEventArgs(source, message));
}
