namespace MLNetDeep.Onnx.Reading;

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;
using global::Onnx;

/// <summary>
/// Checks a parsed TensorProto: its dims, data type and location, and that the data it holds (raw_data bytes or the
/// count of typed values) is exactly what the dims declare, counted with overflow-safe arithmetic. Values are decoded
/// only by the Read* methods, from a tensor already checked.
/// </summary>
internal static class TensorParser
{
    /// <summary>The description of <paramref name="tensor"/>, checked; <paramref name="where"/> finds its bytes for an error message.</summary>
    public static OnnxTensorInfo Describe(TensorProto tensor, OnnxReaderLimits limits, Func<Range> where)
    {
        InvalidDataException Error(string problem, string? field = null) =>
            WireScan.Invalid(where().Start.Value, field ?? $"TensorProto '{ModelParser.Shorten(tensor.Name)}'", problem);
        string Dims() => string.Join(", ", tensor.Dims);
        if (tensor.Segment is not null)
        {
            throw Error("segmented tensors are not supported", "TensorProto.segment");
        }

        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0)
            {
                throw Error($"dimension {dim} is negative", "TensorProto.dims");
            }

            if (dim > 0 && count > limits.MaxTensorElements / dim)
            {
                throw Error($"dims [{Dims()}] declare more than MaxTensorElements = {limits.MaxTensorElements.ToString(CultureInfo.InvariantCulture)} elements");
            }

            count *= dim;
        }

        if (count > long.MaxValue / 16)
        {
            throw Error($"dims [{Dims()}] declare {count} elements, too many to size");
        }

        var type = (OnnxTensorElementType)tensor.DataType;
        if (!Enum.IsDefined(type) || type == OnnxTensorElementType.Undefined)
        {
            throw Error($"data_type {tensor.DataType} is not a known tensor element type");
        }

        long byteLength = type == OnnxTensorElementType.String ? tensor.StringData.Sum(s => (long)s.Length) : RawBytes(type, count);
        if ((int)tensor.DataLocation is not (0 or 1) and int location)
        {
            throw Error($"data_location {location} is neither DEFAULT (0) nor EXTERNAL (1)");
        }

        long typedTotal = (long)tensor.FloatData.Count + tensor.Int32Data.Count + tensor.StringData.Count + tensor.Int64Data.Count
            + tensor.DoubleData.Count + tensor.Uint64Data.Count;
        bool external = tensor.DataLocation == TensorProto.Types.DataLocation.External;
        if (external && (tensor.ExternalData.Count == 0 || tensor.HasRawData || typedTotal > 0))
        {
            throw Error("an EXTERNAL tensor needs external_data entries and no embedded data");
        }
        else if (!external && tensor.HasRawData)
        {
            if (type == OnnxTensorElementType.String)
            {
                throw Error("a string tensor cannot use raw_data");
            }

            if (typedTotal > 0)
            {
                throw Error("the tensor has both raw_data and typed data fields");
            }

            if (tensor.RawData.Length != byteLength)
            {
                throw Error($"dims [{Dims()}] of {type} need {byteLength} bytes of raw_data; it holds {tensor.RawData.Length}");
            }
        }
        else if (!external)
        {
            // The typed data field the type keeps its values in holds exactly the declared count, and no other does.
            (long expected, string field, long present) = type switch
            {
                OnnxTensorElementType.Float => (count, "float_data", tensor.FloatData.Count),
                OnnxTensorElementType.Complex64 => (count * 2, "float_data", tensor.FloatData.Count),
                OnnxTensorElementType.String => (count, "string_data", tensor.StringData.Count),
                OnnxTensorElementType.Int64 => (count, "int64_data", tensor.Int64Data.Count),
                OnnxTensorElementType.Double => (count, "double_data", tensor.DoubleData.Count),
                OnnxTensorElementType.Complex128 => (count * 2, "double_data", tensor.DoubleData.Count),
                OnnxTensorElementType.UInt32 or OnnxTensorElementType.UInt64 => (count, "uint64_data", tensor.Uint64Data.Count),
                OnnxTensorElementType.UInt4 or OnnxTensorElementType.Int4 or OnnxTensorElementType.Float4E2M1 => ((count + 1) / 2, "int32_data", tensor.Int32Data.Count),
                _ => (count, "int32_data", tensor.Int32Data.Count),
            };
            if (present != typedTotal)
            {
                throw Error($"a {type} tensor keeps its values in {field}, but other typed data fields hold {typedTotal - present} values");
            }

            if (present != expected)
            {
                throw Error($"dims [{Dims()}] declare {count} elements ({expected} {field} values); {field} holds {present}");
            }
        }

        return new OnnxTensorInfo(tensor.Name, type, tensor.Dims, count, byteLength, external, tensor);
    }

    /// <summary>The float32 values of a checked Float tensor.</summary>
    public static float[] ReadSingles(TensorProto tensor) => tensor.HasRawData ? FromRaw<float>(tensor.RawData) : [.. tensor.FloatData];

    /// <summary>The int64 values of a checked Int64 tensor.</summary>
    public static long[] ReadInt64s(TensorProto tensor) => tensor.HasRawData ? FromRaw<long>(tensor.RawData) : [.. tensor.Int64Data];

    /// <summary>The values of a checked String tensor (UTF-8, invalid sequences replaced by U+FFFD).</summary>
    public static string[] ReadStrings(TensorProto tensor) => [.. tensor.StringData.Select(s => s.ToStringUtf8())];

    /// <summary>raw_data's little-endian values, copied as they are (on a big-endian machine, each value's bytes reversed).</summary>
    private static T[] FromRaw<T>(ByteString raw)
        where T : unmanaged
    {
        T[] values = MemoryMarshal.Cast<byte, T>(raw.Span).ToArray();
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        for (int i = 0; !BitConverter.IsLittleEndian && i < bytes.Length; i += Unsafe.SizeOf<T>())
        {
            bytes.Slice(i, Unsafe.SizeOf<T>()).Reverse();
        }

        return values;
    }

    /// <summary>Bytes of <paramref name="count"/> elements as raw_data holds them.</summary>
    private static long RawBytes(OnnxTensorElementType type, long count) => type switch
    {
        OnnxTensorElementType.UInt4 or OnnxTensorElementType.Int4 or OnnxTensorElementType.Float4E2M1 => (count + 1) / 2,
        OnnxTensorElementType.UInt8 or OnnxTensorElementType.Int8 or OnnxTensorElementType.Bool or OnnxTensorElementType.Float8E4M3FN
            or OnnxTensorElementType.Float8E4M3FNUZ or OnnxTensorElementType.Float8E5M2 or OnnxTensorElementType.Float8E5M2FNUZ => count,
        OnnxTensorElementType.UInt16 or OnnxTensorElementType.Int16 or OnnxTensorElementType.Float16 or OnnxTensorElementType.BFloat16 => count * 2,
        OnnxTensorElementType.Float or OnnxTensorElementType.Int32 or OnnxTensorElementType.UInt32 => count * 4,
        OnnxTensorElementType.Int64 or OnnxTensorElementType.UInt64 or OnnxTensorElementType.Double or OnnxTensorElementType.Complex64 => count * 8,
        OnnxTensorElementType.Complex128 => count * 16,
        _ => 0,
    };
}
