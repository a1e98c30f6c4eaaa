namespace MLNetDeep.Serving.Models;

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>One model file's content, loaded and verified: the pipeline, its input schema and its manifest.</summary>
internal sealed class ModelSnapshot
{
    private ModelSnapshot(string filePath, string sha256, ITransformer transformer, DataViewSchema inputSchema, JsonObject manifest, DateTimeOffset loadedAt)
    {
        FilePath = filePath;
        Sha256 = sha256;
        Transformer = transformer;
        InputSchema = inputSchema;
        Manifest = manifest;
        LoadedAt = loadedAt;
    }

    /// <summary>The full path of the file this was read from.</summary>
    public string FilePath { get; }

    /// <summary>The SHA-256 of the file's bytes (hex).</summary>
    public string Sha256 { get; }

    /// <summary>The fitted pipeline.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The input schema saved with the model.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The verified manifest (format version, steps, optional metadata).</summary>
    public JsonObject Manifest { get; }

    /// <summary>When the file was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The manifest's format version.</summary>
    public int FormatVersion => Manifest["formatVersion"]?.GetValue<int>() ?? 0;

    /// <summary>The SHA-256 (hex) of <paramref name="bytes"/>.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Loads and verifies a model from the bytes of its file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model; the message says why.</exception>
    public static ModelSnapshot Load(byte[] bytes, string filePath, DateTimeOffset now)
    {
        JsonObject manifest;
        using (var s = new MemoryStream(bytes, writable: false))
        {
            manifest = ModelFile.ReadVerified(s, filePath).Manifest;
        }

        using var stream = new MemoryStream(bytes, writable: false);
        ITransformer transformer = ModelFile.Load(stream, filePath, out DataViewSchema inputSchema);
        if (!transformer.IsRowToRowMapper || transformer is not IStepTransformer)
        {
            throw new InvalidDataException($"Model file '{filePath}': its pipeline cannot predict one row at a time.");
        }

        return new ModelSnapshot(filePath, Hash(bytes), transformer, inputSchema, manifest, now);
    }

    /// <summary>Reads a file whole, tolerating writers that hold it open (a partly written file then fails verification).</summary>
    public static byte[] ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
