namespace MLNetDeep.Legacy.Model;

using MLNetDeep.Legacy.Data;

/// <summary>Saving, loading and serving models (<c>context.Model</c>), as ML.NET's <c>ModelOperationsCatalog</c>.</summary>
public sealed partial class ModelOperationsCatalog
{
    internal ModelOperationsCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }

    /// <summary>
    /// Saves a fitted pipeline and the schema of its input into one zip file (written to a temporary file, then renamed
    /// over <paramref name="filePath"/>, so an existing file is only replaced once the new one is complete).
    /// </summary>
    /// <param name="model">The fitted pipeline (a chain or a single step).</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on (e.g. <c>data.Schema</c>).</param>
    /// <param name="filePath">The file to write.</param>
    public void Save(ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ModelFile.Save(model, inputSchema, filePath);
    }

    /// <summary>Saves a fitted pipeline and its input schema into <paramref name="stream"/> (left open).</summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.Save(model, inputSchema, stream);
    }

    /// <summary>
    /// Loads a model file. Checks the format version, entry sizes, both checksums and every tensor's size, and builds only
    /// MLNetDeep's own step kinds; a truncated, corrupted, tampered or newer-format file fails with an
    /// <see cref="InvalidDataException"/> saying which.
    /// </summary>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">The schema of the data the model expects.</param>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        return ModelFile.Load(filePath, out inputSchema);
    }

    /// <summary>Loads a model from <paramref name="stream"/>; see <see cref="Load(string, out DataViewSchema)"/>.</summary>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelFile.Load(stream, "(stream)", out inputSchema);
    }

    /// <summary>
    /// A prediction engine for one example at a time. Not thread-safe (it reuses its buffers); create one per thread or use
    /// a pool.
    /// </summary>
    /// <param name="transformer">A fitted pipeline that maps rows one at a time.</param>
    /// <param name="ignoreMissingColumns">When true (the default, as ML.NET), members of <typeparamref name="TDst"/> without a matching output column are left alone; when false they are an error.</param>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer, bool ignoreMissingColumns = true)
        where TSrc : class
        where TDst : class, new() => new(transformer, ignoreMissingColumns);
}
