namespace MLNetDeep.Scoring;

using System.Buffers.Binary;
using System.IO.Compression;
using MLNetDeep.Onnx;

/// <summary>
/// Finds the ONNX graphs inside an ML.NET model zip. ML.NET's <c>OnnxTransformer</c> stores its graph in an entry named
/// <c>.../OnnxModel</c> holding a 4-byte little-endian length and the graph's bytes (ML.NET's persisted format, which it
/// keeps readable across versions). The graphs MLNetDeep wrote carry its training record in their metadata.
/// </summary>
internal static class ModelZip
{
    private const string OnnxEntryName = "OnnxModel";

    /// <summary>The most bytes one ONNX entry may hold (2 GiB is protobuf's own limit).</summary>
    private const long MaximumOnnxBytes = int.MaxValue;

    /// <summary>The ONNX graphs of the model in pipeline order (entry paths sort in transform order: Transform_000, _001, ...).</summary>
    public static IReadOnlyList<byte[]> OnnxGraphs(Stream zip, string what)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        var graphs = new List<byte[]>();
        byte[] header = new byte[4];
        foreach (ZipArchiveEntry entry in archive.Entries.Where(e => e.Name == OnnxEntryName).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (entry.Length < 4 || entry.Length > MaximumOnnxBytes + 4)
            {
                throw new InvalidDataException($"{what}: entry {entry.FullName} declares {entry.Length} bytes; an ONNX entry holds 4 to {MaximumOnnxBytes + 4}.");
            }

            using Stream s = entry.Open();
            s.ReadExactly(header);
            int length = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (length < 0 || length != entry.Length - 4)
            {
                throw new InvalidDataException($"{what}: entry {entry.FullName} says its graph has {length} bytes; the entry holds {entry.Length - 4}.");
            }

            byte[] bytes = new byte[length];
            s.ReadExactly(bytes);
            graphs.Add(bytes);
        }

        return graphs;
    }

    /// <summary>The last graph in the model that MLNetDeep wrote (it carries a training record), or null.</summary>
    public static (byte[] Onnx, string Record)? LastFeedForward(Stream zip, string what)
    {
        IReadOnlyList<byte[]> graphs = OnnxGraphs(zip, what);
        for (int i = graphs.Count - 1; i >= 0; i--)
        {
            if (OnnxModelReader.ReadTrainingRecord(graphs[i]) is string record)
            {
                return (graphs[i], record);
            }
        }

        return null;
    }
}
