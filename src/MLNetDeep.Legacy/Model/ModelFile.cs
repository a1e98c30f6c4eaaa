namespace MLNetDeep.Legacy.Model;

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;

/// <summary>
/// The model file: a zip holding <c>manifest.json</c> (format, format version, input schema, every step's kind and
/// state, the tensor index, the SHA-256 of the weights, optional metadata such as training metrics),
/// <c>weights.bin</c> (float32 little-endian tensors) and <c>manifest.sha256</c> (the SHA-256 of the manifest).
/// </summary>
/// <remarks>
/// Loading checks, in order: that the file is a zip with those entries, that no entry's uncompressed size is absurd,
/// both checksums, the format and its version, and then builds only step kinds from the closed set in
/// <see cref="StepKinds"/>. Every failure is an <see cref="InvalidDataException"/> saying what is wrong.
/// </remarks>
internal static class ModelFile
{
    public const string Format = "mlnetdeep-model";
    public const int FormatVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string WeightsEntry = "weights.bin";
    private const string ChecksumEntry = "manifest.sha256";
    private const long MaxManifestBytes = 256L << 20;
    private const long MaxWeightsBytes = int.MaxValue;

    public static void Save(ITransformer model, DataViewSchema inputSchema, Stream stream, JsonObject? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        var tensors = new TensorWriter();
        var steps = new JsonArray();
        DataViewSchema schema = inputSchema;
        int index = 0;
        foreach (IStepTransformer step in Flatten(model))
        {
            var context = new ModelSaveContext(tensors, $"step{index}/");
            step.Save(context);
            steps.Add(new JsonObject { ["kind"] = step.Kind, ["state"] = context.State, ["tensors"] = context.TensorNames });
            schema = step.GetOutputSchema(schema); // proves the chain fits the input schema before anything is written
            index++;
        }

        byte[] weights = tensors.ToArray();
        var manifest = new JsonObject
        {
            ["format"] = Format,
            ["formatVersion"] = FormatVersion,
            ["library"] = "MLNetDeep " + (typeof(ModelFile).Assembly.GetName().Version?.ToString() ?? "?"),
            ["inputSchema"] = SchemaJson.Write(inputSchema),
            ["steps"] = steps,
            ["tensors"] = tensors.Index,
            ["weightsSha256"] = Convert.ToHexString(SHA256.HashData(weights)),
        };
        if (metadata is not null)
        {
            manifest["metadata"] = metadata;
        }

        byte[] manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, ManifestEntry, manifestBytes);
        Write(zip, WeightsEntry, weights);
        Write(zip, ChecksumEntry, Encoding.ASCII.GetBytes(Convert.ToHexString(SHA256.HashData(manifestBytes))));
    }

    /// <summary>Saves to <paramref name="path"/> through a temporary file renamed into place, so an existing model is never half-overwritten.</summary>
    public static void Save(ITransformer model, DataViewSchema inputSchema, string path, JsonObject? metadata = null)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Save(model, inputSchema, file, metadata);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static ITransformer Load(string path, out DataViewSchema inputSchema)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Model file '{full}' does not exist.", full);
        }

        using var stream = File.OpenRead(full);
        return Load(stream, full, out inputSchema);
    }

    public static ITransformer Load(Stream stream, string name, out DataViewSchema inputSchema)
    {
        var (manifest, weights) = ReadVerified(stream, name);
        Func<string, Exception> error = why => new InvalidDataException($"Model file '{name}': {why}.");
        inputSchema = SchemaJson.Read(manifest["inputSchema"] as JsonArray ?? throw error("the manifest has no input schema"), error);
        JsonArray steps = manifest["steps"] as JsonArray ?? throw error("the manifest has no steps");
        JsonObject index = manifest["tensors"] as JsonObject ?? throw error("the manifest has no tensor index");
        var built = new List<ITransformer>();
        DataViewSchema schema = inputSchema;
        for (int i = 0; i < steps.Count; i++)
        {
            JsonObject step = steps[i] as JsonObject ?? throw error($"step {i} is not an object");
            string kind = step["kind"]?.GetValue<string>() ?? throw error($"step {i} has no kind");
            if (!StepKinds.TryGet(kind, out var loader))
            {
                throw error($"step {i} has the unknown kind '{kind}' (known kinds: {string.Join(", ", StepKinds.Known)}); only those are ever built");
            }

            var context = new ModelLoadContext($"'{name}' step {i} ({kind})", step["state"] as JsonObject ?? new JsonObject(), schema, weights, index, $"step{i}/");
            ITransformer t;
            try
            {
                t = loader(context);
                schema = t.GetOutputSchema(schema);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or JsonException or KeyNotFoundException or NullReferenceException)
            {
                throw new InvalidDataException($"Model {context.Step}: {e.Message}", e);
            }

            built.Add(t);
        }

        return new TransformerChain<ITransformer>([.. built]);
    }

    /// <summary>Reads and verifies the manifest and weights (size limits, checksums, format and version).</summary>
    public static (JsonObject Manifest, byte[] Weights) ReadVerified(Stream stream, string name)
    {
        Func<string, Exception> error = why => new InvalidDataException($"Model file '{name}': {why}.");
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Model file '{name}' is not a valid MLNetDeep model: it is not a readable zip archive (truncated or corrupted?). {e.Message}", e);
        }

        using (zip)
        {
            byte[] manifestBytes = ReadEntry(zip, ManifestEntry, MaxManifestBytes, error);
            byte[] checksum = ReadEntry(zip, ChecksumEntry, 1024, error);
            if (!Encoding.ASCII.GetString(checksum).Trim().Equals(Convert.ToHexString(SHA256.HashData(manifestBytes)), StringComparison.OrdinalIgnoreCase))
            {
                throw error("the manifest does not match its checksum: the file was modified or corrupted");
            }

            JsonObject manifest;
            try
            {
                manifest = JsonNode.Parse(manifestBytes) as JsonObject ?? throw error("the manifest is not a JSON object");
            }
            catch (JsonException e)
            {
                throw error($"the manifest is not valid JSON ({e.Message})");
            }

            if (manifest["format"]?.GetValue<string>() != Format)
            {
                throw error($"it is not an MLNetDeep model (format '{manifest["format"]}')");
            }

            int version = manifest["formatVersion"]?.GetValue<int>() ?? throw error("the manifest has no format version");
            if (version > FormatVersion)
            {
                throw error($"it was written by a newer MLNetDeep (format version {version}); this build reads versions up to {FormatVersion}. Upgrade MLNetDeep to load it");
            }

            if (version < 1)
            {
                throw error($"its format version {version} is not valid");
            }

            byte[] weights = ReadEntry(zip, WeightsEntry, MaxWeightsBytes, error);
            if (!string.Equals(manifest["weightsSha256"]?.GetValue<string>(), Convert.ToHexString(SHA256.HashData(weights)), StringComparison.OrdinalIgnoreCase))
            {
                throw error("the weights do not match their checksum: the file was modified or corrupted");
            }

            return (manifest, weights);
        }
    }

    private static byte[] ReadEntry(ZipArchive zip, string entryName, long limit, Func<string, Exception> error)
    {
        ZipArchiveEntry entry = zip.GetEntry(entryName) ?? throw error($"the entry '{entryName}' is missing");
        if (entry.Length > limit || entry.Length < 0)
        {
            throw error($"the entry '{entryName}' claims {entry.Length} bytes uncompressed, more than the {limit} allowed");
        }

        var buffer = new byte[entry.Length];
        bool extra;
        try
        {
            using Stream s = entry.Open();
            s.ReadExactly(buffer);
            extra = s.ReadByte() != -1;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"{error($"the entry '{entryName}' cannot be read (truncated or corrupted)").Message} {e.Message}", e);
        }

        if (extra)
        {
            throw error($"the entry '{entryName}' holds more data than its header says");
        }

        return buffer;
    }

    private static IEnumerable<IStepTransformer> Flatten(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer t in chain)
            {
                foreach (IStepTransformer s in Flatten(t))
                {
                    yield return s;
                }
            }
        }
        else if (model is IStepTransformer step)
        {
            yield return step;
        }
        else
        {
            throw new InvalidOperationException($"A {model.GetType().Name} cannot be saved: model files hold only MLNetDeep's own steps.");
        }
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using Stream s = entry.Open();
        s.Write(bytes);
    }
}
