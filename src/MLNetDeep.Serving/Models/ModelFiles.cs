namespace MLNetDeep.Serving.Models;

using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;

/// <summary>
/// Where a model file becomes an ML.NET model. <see cref="Load"/> is the only call into a loader: MLNetDeep's
/// <c>ml.Model.LoadChecked</c>, which checks the zip's entries and its ONNX graphs' declared sizes against limits before
/// ML.NET reads them, so a damaged or hostile file fails naming itself before anything large is allocated.
/// </summary>
internal static class ModelFiles
{
    /// <summary>Loads the model zip at <paramref name="path"/> with <paramref name="ml"/>, checked first.</summary>
    /// <exception cref="InvalidDataException">The file is not a usable model; the message starts with the path.</exception>
    public static ITransformer Load(MLContext ml, string path, out DataViewSchema inputSchema) =>
        ml.Model.LoadChecked(path, out inputSchema);

    /// <summary>The SHA-256 (hex) of the file's bytes, read as a stream (tolerating writers that hold it open).</summary>
    public static string Hash(string path, out long size)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        size = file.Length;
        return Convert.ToHexString(SHA256.HashData(file));
    }

    /// <summary>Whether the file is a zip in MLNetDeep's own pre-ML.NET model format (a <c>manifest.json</c> with its checksum).</summary>
    public static bool IsLegacyMLNetDeepModel(string path)
    {
        try
        {
            using ZipArchive archive = ZipFile.OpenRead(path);
            return archive.GetEntry("manifest.json") is not null && archive.GetEntry("manifest.sha256") is not null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
