namespace MLNetDeep.Serving.Models;

using Microsoft.ML;

/// <summary>
/// One model file's content, loaded by ML.NET: the fitted pipeline, the input schema saved with it, its output schema
/// and, for a model with an MLNetDeep feed-forward network, the training record. Disposing it disposes the pipeline
/// (ML.NET's <c>OnnxTransformer</c> then deletes its temporary copy of the graph), unless the pipeline was handed out.
/// </summary>
internal sealed class ModelSnapshot : IDisposable
{
    private int _escaped;
    private int _disposed;

    private ModelSnapshot(string filePath, string sha256, long size, MLContext context, ITransformer transformer, DataViewSchema inputSchema, DateTimeOffset loadedAt)
    {
        FilePath = filePath;
        Sha256 = sha256;
        Size = size;
        Context = context;
        Transformer = transformer;
        InputSchema = inputSchema;
        OutputSchema = transformer.GetOutputSchema(inputSchema);
        LoadedAt = loadedAt;
        Steps = PipelineSteps.Of(transformer).Select(PipelineSteps.Name).ToArray();
        try
        {
            TrainingRecord = context.Model.GetFeedForwardInfo(transformer);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or ArgumentException or IOException)
        {
            TrainingRecordError = e.Message;
        }
    }

    /// <summary>The full path of the file this was read from.</summary>
    public string FilePath { get; }

    /// <summary>The SHA-256 of the file's bytes (hex), as read just before loading.</summary>
    public string Sha256 { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The ML.NET context the model was loaded with (its prediction engines are made with it too).</summary>
    public MLContext Context { get; }

    /// <summary>The fitted pipeline.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The input schema saved with the model.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The pipeline's output schema for <see cref="InputSchema"/>.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>When the file was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The pipeline's transformers, in order, by type name.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>The training record of the model's MLNetDeep feed-forward network, or null (a model made by another trainer).</summary>
    public FeedForwardModelInfo? TrainingRecord { get; }

    /// <summary>Why the model's training record could not be read, or null.</summary>
    public string? TrainingRecordError { get; }

    /// <summary>
    /// Loads (checked) the model file at <paramref name="filePath"/>, whose bytes hashed to <paramref name="sha256"/>, its
    /// ONNX copies going to <paramref name="tempFolder"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a model the server can use; the message names the file and says why.</exception>
    public static ModelSnapshot Load(string filePath, string sha256, long size, DateTimeOffset now, string tempFolder)
    {
        var ml = new MLContext(seed: 0) { TempFilePath = tempFolder };
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = ModelFiles.Load(ml, filePath, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (ModelFiles.IsLegacyMLNetDeepModel(filePath))
            {
                throw new InvalidDataException($"Model file '{filePath}': it is in MLNetDeep's own model format from before the move onto ML.NET (manifest.json), which is no longer served; retrain or re-save it as an ML.NET model zip (mlContext.Model.Save).", e);
            }

            if (e is InvalidDataException or FileNotFoundException && e.Message.Contains(filePath, StringComparison.Ordinal))
            {
                throw new InvalidDataException(e.Message, e);
            }

            throw new InvalidDataException($"Model file '{filePath}': ML.NET cannot load it: {e.Message}", e);
        }

        try
        {
            if (inputSchema is null || inputSchema.Count == 0)
            {
                throw new InvalidDataException($"Model file '{filePath}' holds no input schema (it was saved with mlContext.Model.Save(model, null, ...)); requests are read against it, so save the model with its training data's schema.");
            }

            if (!transformer.IsRowToRowMapper)
            {
                throw new InvalidDataException($"Model file '{filePath}': its pipeline cannot predict one row at a time (ML.NET's IsRowToRowMapper is false, e.g. it filters rows).");
            }

            return new ModelSnapshot(filePath, sha256, size, ml, transformer, inputSchema, now);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            (transformer as IDisposable)?.Dispose();
            throw new InvalidDataException($"Model file '{filePath}': its pipeline does not accept its own input schema: {e.Message}", e);
        }
        catch
        {
            (transformer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Marks the pipeline as handed out (<c>GetModel</c>): it is then never disposed here, since its holder may still use it;
    /// ML.NET deletes its temporary ONNX copy when the garbage collector collects it.
    /// </summary>
    public ITransformer Escape()
    {
        Interlocked.Exchange(ref _escaped, 1);
        return Transformer;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Volatile.Read(ref _escaped) == 0)
        {
            (Transformer as IDisposable)?.Dispose();
        }
    }
}
