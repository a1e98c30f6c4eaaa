namespace MLNetDeep.Scoring;

using System.IO.Compression;
using MLNetDeep.Onnx;

/// <summary>
/// Checks a model zip before ML.NET reads it: entry count and declared sizes against limits (checked arithmetic),
/// every entry inflated through a counter that refuses more bytes than its header declares (a zip bomb lies there),
/// and every ONNX graph parsed by the bounded reader with its tensors' declared sizes summed against the limit.
/// </summary>
internal static class ModelFileCheck
{
    public static void Check(string path, ModelFileLimits limits)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"The model path '{path}' is a folder, not a model file.", path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' does not exist.", path);
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > limits.MaxEntries)
            {
                throw Bad(path, $"it has {zip.Entries.Count} entries; a model may have at most {limits.MaxEntries}");
            }

            long declared = 0;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                declared = checked(declared + entry.Length);
                if (entry.Length < 0 || declared > limits.MaxTotalBytes)
                {
                    throw Bad(path, $"its entries declare {declared:N0} bytes (entry {entry.FullName}: {entry.Length:N0}); a model may inflate to at most {limits.MaxTotalBytes:N0}");
                }
            }

            byte[] buffer = new byte[81920];
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                bool isOnnx = entry.Name == "OnnxModel";
                using Stream s = entry.Open();
                using var onnx = isOnnx ? new MemoryStream(checked((int)Math.Min(entry.Length, int.MaxValue))) : null;
                long actual = 0;
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
                {
                    actual += n;
                    if (actual > entry.Length)
                    {
                        throw Bad(path, $"entry {entry.FullName} inflates beyond the {entry.Length:N0} bytes its header declares");
                    }

                    onnx?.Write(buffer, 0, n);
                }

                if (actual != entry.Length)
                {
                    throw Bad(path, $"entry {entry.FullName} holds {actual:N0} bytes; its header declares {entry.Length:N0}");
                }

                if (onnx is not null)
                {
                    CheckOnnx(path, entry.FullName, onnx.GetBuffer().AsSpan(0, (int)onnx.Length), limits);
                }
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw Bad(path, e.Message, e);
        }
        catch (OverflowException e)
        {
            throw Bad(path, "its declared sizes overflow", e);
        }
    }

    private static void CheckOnnx(string path, string entry, ReadOnlySpan<byte> stored, ModelFileLimits limits)
    {
        if (stored.Length < 4 || BitConverter.ToInt32(stored[..4]) != stored.Length - 4)
        {
            throw Bad(path, $"entry {entry} is not a length-prefixed ONNX graph");
        }

        OnnxModelInfo graph = OnnxModelReader.Read(stored[4..], OnnxReaderLimits.Default with { MaxTensorElements = limits.MaxTensorElements });
        long elements = 0;
        foreach (OnnxTensorInfo tensor in graph.Initializers)
        {
            elements = checked(elements + tensor.ElementCount);
            if (elements > limits.MaxTensorElements)
            {
                throw Bad(path, $"the ONNX graph in {entry} declares {elements:N0} tensor values (at {tensor.Name}); a model may hold at most {limits.MaxTensorElements:N0}");
            }
        }
    }

    private static InvalidDataException Bad(string path, string why, Exception? inner = null) =>
        new($"{path}: not a usable model file: {why.TrimEnd('.')}.", inner);
}
