namespace MLNetDeep.Onnx;

using System.Globalization;
using MLNetDeep.Onnx.Reading;

/// <summary>
/// Reads ONNX models (any producer's, not only MLNetDeep's) into an <see cref="OnnxModelInfo"/>, safely: sizes are
/// checked against <see cref="OnnxReaderLimits"/> before anything is allocated (a scan of the protobuf wire format comes
/// before Google.Protobuf parses it), every length against the bytes actually present, every tensor's dims (with
/// overflow-checked arithmetic) against the data it holds; nesting and item counts are bounded. Bad input throws
/// <see cref="InvalidDataException"/> naming the byte offset, the message and field, and the bad value; nothing else
/// escapes for any input.
/// </summary>
/// <remarks>
/// Not checked: operator semantics, that node inputs exist, types and shapes (onnx.checker does that). External tensor
/// data is not opened. Subgraphs, functions and training info are checked and parsed but not described.
/// </remarks>
public static class OnnxModelReader
{
    /// <summary>Reads the model in <paramref name="model"/> (copied: the result does not keep the caller's memory).</summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model within the limits.</exception>
    public static OnnxModelInfo Read(ReadOnlySpan<byte> model, OnnxReaderLimits? limits = null)
    {
        limits = CheckLimits(limits);
        CheckSize(model.Length, limits);
        return ModelParser.Parse(model.ToArray(), limits);
    }

    /// <summary>Reads the model from the rest of <paramref name="stream"/>, which is read to its end but not closed.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    /// <exception cref="InvalidDataException">The stream holds more than <see cref="OnnxReaderLimits.MaxModelBytes"/> bytes, or they are not a well-formed ONNX model.</exception>
    public static OnnxModelInfo Read(Stream stream, OnnxReaderLimits? limits = null)
    {
        limits = CheckLimits(limits);
        return ModelParser.Parse(ReadAll(stream, limits), limits);
    }

    /// <summary>Reads the model file at <paramref name="path"/>.</summary>
    /// <param name="path">An .onnx file.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    public static OnnxModelInfo ReadFile(string path, OnnxReaderLimits? limits = null)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, limits);
    }

    /// <summary>
    /// Only ModelProto.metadata_props (the graph is skipped, not parsed; the bytes are not copied). The training record
    /// MLNetDeep writes is the entry <see cref="OnnxContract.TrainingRecordKey"/>.
    /// </summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    /// <exception cref="InvalidDataException">The model's top level is malformed, or a key repeats.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(ReadOnlySpan<byte> model, OnnxReaderLimits? limits = null)
    {
        limits = CheckLimits(limits);
        CheckSize(model.Length, limits);
        return ModelParser.ParseMetadata(model, limits);
    }

    /// <summary>Only ModelProto.metadata_props, from the rest of <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable stream; read to its end, not closed.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    public static IReadOnlyDictionary<string, string> ReadMetadata(Stream stream, OnnxReaderLimits? limits = null)
    {
        limits = CheckLimits(limits);
        return ModelParser.ParseMetadata(ReadAll(stream, limits), limits);
    }

    /// <summary>The training record MLNetDeep wrote (metadata_props <see cref="OnnxContract.TrainingRecordKey"/>), or null when there is none.</summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="limits">Default null: <see cref="OnnxReaderLimits.Default"/>.</param>
    public static string? ReadTrainingRecord(ReadOnlySpan<byte> model, OnnxReaderLimits? limits = null) =>
        ReadMetadata(model, limits).TryGetValue(OnnxContract.TrainingRecordKey, out string? record) ? record : null;

    private static OnnxReaderLimits CheckLimits(OnnxReaderLimits? limits)
    {
        limits ??= OnnxReaderLimits.Default;
        if (limits.MaxModelBytes < 0 || limits.MaxItems < 0 || limits.MaxNestingDepth < 1 || limits.MaxTensorRank < 0 || limits.MaxTensorElements < 0)
        {
            throw new ArgumentException($"OnnxReaderLimits has a negative limit (or MaxNestingDepth below 1): {limits}.", nameof(limits));
        }

        return limits;
    }

    private static void CheckSize(long length, OnnxReaderLimits limits)
    {
        if (length > limits.MaxModelBytes || length > Array.MaxLength)
        {
            throw new InvalidDataException($"The ONNX model is {length.ToString(CultureInfo.InvariantCulture)} bytes; MaxModelBytes is {limits.MaxModelBytes.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>The rest of the stream, refused as soon as it is known to exceed the size limit (before the buffer grows past it).</summary>
    private static byte[] ReadAll(Stream stream, OnnxReaderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long cap = Math.Min(limits.MaxModelBytes, Array.MaxLength);
        if (stream.CanSeek)
        {
            long remaining = Math.Max(0, stream.Length - stream.Position);
            CheckSize(remaining, limits);
            var exact = new byte[remaining];
            stream.ReadExactly(exact);
            return exact;
        }

        byte[] buffer = new byte[(int)Math.Min(cap + 1, 81920)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > cap)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(cap + 1, (long)buffer.Length * 2));
            }

            int read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > cap)
        {
            throw new InvalidDataException($"The ONNX model stream holds more than MaxModelBytes = {limits.MaxModelBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }

        return buffer.AsSpan(0, length).ToArray();
    }
}
