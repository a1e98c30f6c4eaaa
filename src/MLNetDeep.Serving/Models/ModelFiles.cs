namespace MLNetDeep.Serving.Models;

using System.IO.Compression;
using Microsoft.ML;

/// <summary>
/// Where a model file's bytes become an ML.NET model. <see cref="Load"/> is the only call into ML.NET's loader, so
/// adopting a checked loader (one that validates zip entries and ONNX sizes before ML.NET reads them) is a one-line change.
/// </summary>
internal static class ModelFiles
{
    /// <summary>Loads the model zip in <paramref name="bytes"/> (read from <paramref name="path"/>) with <paramref name="ml"/>.</summary>
    public static ITransformer Load(MLContext ml, byte[] bytes, string path, out DataViewSchema inputSchema)
    {
        _ = path; // the checked loader takes the path for its messages
        using var stream = new MemoryStream(bytes, writable: false);
        return ml.Model.Load(stream, out inputSchema);
    }

    /// <summary>Reads a file whole, tolerating writers that hold it open (a partly written file then fails to load).</summary>
    public static byte[] ReadAll(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Whether the bytes are a zip in MLNetDeep's own pre-ML.NET model format (a <c>manifest.json</c> with its checksum).</summary>
    public static bool IsLegacyMLNetDeepModel(byte[] bytes)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return archive.GetEntry("manifest.json") is not null && archive.GetEntry("manifest.sha256") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
