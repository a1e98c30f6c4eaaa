namespace MLNetDeep;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

/// <summary>
/// Reads what a fitted or loaded ML.NET model holds of a feed-forward network: its training record and its ONNX graph,
/// through <c>ml.Model</c>. Works on any model (a whole pipeline, loaded from a file or fresh from <c>Fit</c>); the
/// last feed-forward network in the pipeline is the one described.
/// </summary>
/// <remarks>
/// ML.NET keeps a transformer's internals private, so these read the model the way ML.NET writes it: they save it to
/// memory with <c>ml.Model.Save</c> and find the graph in the saved form. That costs one save, so call them once per model,
/// not per prediction.
/// </remarks>
public static class FeedForwardModelOperations
{
    /// <summary>The training record of the last feed-forward network in <paramref name="model"/>, or null when it has none.</summary>
    /// <param name="catalog">ML.NET's model operations (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded model.</param>
    /// <exception cref="InvalidDataException">The model holds a feed-forward graph whose record cannot be read; the message says why.</exception>
    public static FeedForwardModelInfo? GetFeedForwardInfo(this ModelOperationsCatalog catalog, ITransformer model) =>
        Find(catalog, model) is { } found ? FeedForwardModelInfo.FromJson(found.Record) : null;

    /// <summary>The ONNX graph of the last feed-forward network in <paramref name="model"/> (the bytes of a standalone <c>.onnx</c> file), or null.</summary>
    /// <param name="catalog">ML.NET's model operations (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded model.</param>
    public static byte[]? GetFeedForwardOnnx(this ModelOperationsCatalog catalog, ITransformer model) => Find(catalog, model)?.Onnx;

    /// <summary>
    /// Writes the last feed-forward network in <paramref name="model"/> as a standalone ONNX file that ONNX Runtime runs
    /// from Python, C++ or a phone (input: the feature vector as float [N, F]; outputs as docs/onnx.md describes). The file
    /// is written to a temporary name beside <paramref name="onnxPath"/>, flushed to disk and renamed, so an existing file is
    /// replaced only by a complete one (as the CLI's and the sweeper's model files are).
    /// </summary>
    /// <param name="catalog">ML.NET's model operations (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded model.</param>
    /// <param name="onnxPath">The file to write.</param>
    /// <exception cref="ArgumentException">The model holds no feed-forward network.</exception>
    public static void ExportFeedForwardOnnx(this ModelOperationsCatalog catalog, ITransformer model, string onnxPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        byte[] onnx = catalog.GetFeedForwardOnnx(model) ?? throw new ArgumentException("The model holds no MLNetDeep feed-forward network to export.", nameof(model));
        string full = Path.GetFullPath(onnxPath);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(onnx);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The last feed-forward network in <paramref name="model"/> as ML.NET's
    /// <see cref="ISingleFeaturePredictionTransformer{TModel}"/>, for the APIs that need a prediction transformer, chiefly
    /// permutation feature importance:
    /// <c>ml.BinaryClassification.PermutationFeatureImportance(ml.Model.GetFeedForwardPredictionTransformer(model), model.Transform(data))</c>.
    /// ML.NET's overloads taking the whole model cannot find a third-party trainer's network (see
    /// <see cref="FeedForwardPredictionTransformer"/>).
    /// </summary>
    /// <param name="catalog">ML.NET's model operations (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded model, a whole pipeline or the trainer's own output.</param>
    /// <returns>A view of the network's steps; valid while <paramref name="model"/> is not disposed.</returns>
    /// <exception cref="ArgumentException">The model holds no feed-forward network.</exception>
    public static FeedForwardPredictionTransformer GetFeedForwardPredictionTransformer(this ModelOperationsCatalog catalog, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        TransformerChain<ITransformer> network = FeedForwardPredictionTransformer.FindNetwork(model)
            ?? throw new ArgumentException($"The model ({model.GetType().Name}) holds no MLNetDeep feed-forward network.", nameof(model));
        (byte[] onnx, string record) = Find(catalog, network)
            ?? throw new ArgumentException("The model's feed-forward steps carry no training record.", nameof(model));
        return new FeedForwardPredictionTransformer(network, FeedForwardModelInfo.FromJson(record), onnx);
    }

    /// <summary>
    /// Loads an ML.NET model zip like <c>ml.Model.Load</c>, after checking it: entry count and declared sizes against
    /// <paramref name="limits"/>, every entry's actual size against its header, every ONNX graph's structure and
    /// declared tensor sizes. Use it for files from elsewhere (uploads, a server's model folder): a damaged or hostile file
    /// fails before anything large is allocated, and every failure names the file.
    /// </summary>
    /// <param name="catalog">ML.NET's model operations (<c>ml.Model</c>).</param>
    /// <param name="path">The model zip.</param>
    /// <param name="inputSchema">The input schema the model was saved with.</param>
    /// <param name="limits">What the file may hold; default <see cref="ModelFileLimits.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The path does not exist or is a folder; the message says which.</exception>
    /// <exception cref="InvalidDataException">The file is not a usable model; the message starts with the path and says why.</exception>
    public static ITransformer LoadChecked(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema, ModelFileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelFileCheck.Check(path, limits ?? ModelFileLimits.Default);
        try
        {
            DataViewSchema? schema = null;
            ITransformer model = OnnxLoadRetry.Run(() => catalog.Load(path, out schema));
            inputSchema = schema!;
            return model;
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or ArgumentException or IOException
            or System.Reflection.TargetInvocationException)
        {
            // ML.NET creates each step by reflection: the reason is under one TargetInvocationException per level.
            Exception cause = e;
            while (cause is System.Reflection.TargetInvocationException { InnerException: { } inner })
            {
                cause = inner;
            }

            string why = cause is FileNotFoundException { FileName: { } assembly } && e is System.Reflection.TargetInvocationException
                ? $"a step of it needs the assembly '{new System.Reflection.AssemblyName(assembly).Name}', which this program does not have (the package of a trainer or transform it uses, such as Microsoft.ML.LightGbm, or the assembly of a CustomMapping); load it in a program that references that assembly"
                : cause.Message;
            throw new InvalidDataException($"{path}: ML.NET could not load the model: {why}", e);
        }
    }

    private static (byte[] Onnx, string Record)? Find(ModelOperationsCatalog catalog, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        using var saved = new MemoryStream();
        catalog.Save(model, null, saved);
        saved.Position = 0;
        return ModelZip.LastFeedForward(saved, "the model");
    }
}
