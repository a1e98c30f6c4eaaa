namespace MLNetDeep.Onnx.Reading;

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MLNetDeep.Onnx.Graph;
using MLNetDeep.Onnx.Protobuf;
using F = MLNetDeep.Onnx.Graph.OnnxSchema.Tensor;

/// <summary>
/// Reads a TensorProto: its dims and data type, and the amount of data each data field holds, counted without
/// allocating and checked against the element count the dims declare (with overflow-checked arithmetic). Values are
/// decoded only by the Read* methods, from a tensor already checked.
/// </summary>
internal static class TensorParser
{
    private const string Message = "TensorProto";

    /// <summary>Parses and checks the tensor message <paramref name="data"/>, which starts at <paramref name="start"/> in the model.</summary>
    public static OnnxTensorInfo Parse(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, Message);
        var reader = new ProtoReader(data, start, Message);
        var dims = new List<long>();
        long dataType = 0, rawLength = -1, location = 0;
        long floats = 0, int32s = 0, int64s = 0, doubles = 0, uint64s = 0, strings = 0, stringBytes = 0, externalEntries = 0;
        string name = "";
        while (reader.TryReadTag(out int field, out WireType wire, F.FieldName))
        {
            long at = reader.Offset;
            switch (field)
            {
                case F.Dims:
                    if (wire == WireType.LengthDelimited)
                    {
                        ReadOnlySpan<byte> packed = reader.ReadLengthDelimited(out long packedStart);
                        var sub = new ProtoReader(packed, packedStart, Message + ".dims");
                        while (!sub.AtEnd)
                        {
                            AddDim(context, dims, sub.ReadInt64(), sub.Offset);
                        }
                    }
                    else
                    {
                        reader.Expect(wire, WireType.Varint);
                        AddDim(context, dims, reader.ReadInt64(), at);
                    }

                    break;
                case F.DataType:
                    reader.Expect(wire, WireType.Varint);
                    dataType = reader.ReadInt32();
                    break;
                case F.Segment:
                    throw ReadContext.Error(at, Message + ".segment", "segmented tensors are not supported");
                case F.FloatData:
                    floats = checked(floats + CountFixed(ref reader, wire, WireType.Fixed32, 4));
                    break;
                case F.Int32Data:
                    int32s = checked(int32s + CountVarints(ref reader, wire));
                    break;
                case F.Int64Data:
                    int64s = checked(int64s + CountVarints(ref reader, wire));
                    break;
                case F.DoubleData:
                    doubles = checked(doubles + CountFixed(ref reader, wire, WireType.Fixed64, 8));
                    break;
                case F.UInt64Data:
                    uint64s = checked(uint64s + CountVarints(ref reader, wire));
                    break;
                case F.StringData:
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, Message + ".string_data");
                    stringBytes += reader.ReadLengthDelimited(out _).Length;
                    strings++;
                    break;
                case F.Name:
                    reader.Expect(wire, WireType.LengthDelimited);
                    name = reader.ReadString();
                    break;
                case F.RawData:
                    reader.Expect(wire, WireType.LengthDelimited);
                    rawLength = reader.ReadLengthDelimited(out _).Length;
                    break;
                case F.ExternalData:
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, Message + ".external_data");
                    reader.ReadLengthDelimited(out _);
                    externalEntries++;
                    break;
                case F.DataLocation:
                    reader.Expect(wire, WireType.Varint);
                    location = reader.ReadInt32();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        string what = $"{Message} '{ReadContext.Shorten(name)}'";
        long count = 1;
        foreach (long dim in dims)
        {
            if (!TryMultiply(count, dim, out count) || count > context.Limits.MaxTensorElements)
            {
                throw ReadContext.Error(start, what, $"dims [{string.Join(", ", dims)}] declare more than MaxTensorElements = {context.Limits.MaxTensorElements.ToString(CultureInfo.InvariantCulture)} elements");
            }
        }

        if (count > long.MaxValue / 16)
        {
            throw ReadContext.Error(start, what, $"dims [{string.Join(", ", dims)}] declare {count} elements, too many to size");
        }

        if (!Enum.IsDefined((OnnxTensorElementType)dataType) || dataType == 0)
        {
            throw ReadContext.Error(start, what, $"data_type {dataType} is not a known tensor element type");
        }

        var type = (OnnxTensorElementType)dataType;
        long byteLength = type == OnnxTensorElementType.String ? stringBytes : RawBytes(type, count);
        bool external = location == 1;
        if (location is not (0 or 1))
        {
            throw ReadContext.Error(start, what, $"data_location {location} is neither DEFAULT (0) nor EXTERNAL (1)");
        }

        long typedTotal = floats + int32s + int64s + doubles + uint64s + strings;
        if (external)
        {
            if (externalEntries == 0 || rawLength >= 0 || typedTotal > 0)
            {
                throw ReadContext.Error(start, what, "an EXTERNAL tensor needs external_data entries and no embedded data");
            }
        }
        else if (rawLength >= 0)
        {
            if (type == OnnxTensorElementType.String)
            {
                throw ReadContext.Error(start, what, "a string tensor cannot use raw_data");
            }

            if (typedTotal > 0)
            {
                throw ReadContext.Error(start, what, "the tensor has both raw_data and typed data fields");
            }

            if (rawLength != byteLength)
            {
                throw ReadContext.Error(start, what, $"dims [{string.Join(", ", dims)}] of {type} need {byteLength} bytes of raw_data; it holds {rawLength}");
            }
        }
        else
        {
            (long expected, string fieldName, long present) = type switch
            {
                OnnxTensorElementType.Float => (count, "float_data", floats),
                OnnxTensorElementType.Complex64 => (checked(count * 2), "float_data", floats),
                OnnxTensorElementType.String => (count, "string_data", strings),
                OnnxTensorElementType.Int64 => (count, "int64_data", int64s),
                OnnxTensorElementType.Double => (count, "double_data", doubles),
                OnnxTensorElementType.Complex128 => (checked(count * 2), "double_data", doubles),
                OnnxTensorElementType.UInt32 or OnnxTensorElementType.UInt64 => (count, "uint64_data", uint64s),
                OnnxTensorElementType.UInt4 or OnnxTensorElementType.Int4 or OnnxTensorElementType.Float4E2M1 => ((count + 1) / 2, "int32_data", int32s),
                _ => (count, "int32_data", int32s),
            };
            if (present != typedTotal)
            {
                throw ReadContext.Error(start, what, $"a {type} tensor keeps its values in {fieldName}, but other typed data fields hold {typedTotal - present} values");
            }

            if (present != expected)
            {
                throw ReadContext.Error(start, what, $"dims [{string.Join(", ", dims)}] declare {count} elements ({expected} {fieldName} values); {fieldName} holds {present}");
            }
        }

        return new OnnxTensorInfo(name, type, dims, count, byteLength, external, context.Model.Slice(checked((int)start), data.Length), start);
    }

    /// <summary>The float32 values of a checked Float tensor.</summary>
    public static float[] ReadSingles(ReadOnlySpan<byte> data, long start, long count)
    {
        var result = new float[count];
        int n = 0;
        var reader = new ProtoReader(data, start, Message);
        while (reader.TryReadTag(out int field, out WireType wire, F.FieldName))
        {
            if (field == F.RawData)
            {
                ReadOnlySpan<byte> raw = reader.ReadLengthDelimited(out _);
                for (int i = 0; i < count; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
                }
            }
            else if (field == F.FloatData && wire == WireType.LengthDelimited)
            {
                var sub = new ProtoReader(reader.ReadLengthDelimited(out long s), s, Message);
                while (!sub.AtEnd)
                {
                    result[n++] = sub.ReadFloat();
                }
            }
            else if (field == F.FloatData)
            {
                result[n++] = reader.ReadFloat();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return result;
    }

    /// <summary>The int64 values of a checked Int64 tensor.</summary>
    public static long[] ReadInt64s(ReadOnlySpan<byte> data, long start, long count)
    {
        var result = new long[count];
        int n = 0;
        var reader = new ProtoReader(data, start, Message);
        while (reader.TryReadTag(out int field, out WireType wire, F.FieldName))
        {
            if (field == F.RawData)
            {
                ReadOnlySpan<byte> raw = reader.ReadLengthDelimited(out _);
                for (int i = 0; i < count; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
                }
            }
            else if (field == F.Int64Data && wire == WireType.LengthDelimited)
            {
                var sub = new ProtoReader(reader.ReadLengthDelimited(out long s), s, Message);
                while (!sub.AtEnd)
                {
                    result[n++] = sub.ReadInt64();
                }
            }
            else if (field == F.Int64Data)
            {
                result[n++] = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return result;
    }

    /// <summary>The values of a checked String tensor.</summary>
    public static string[] ReadStrings(ReadOnlySpan<byte> data, long start, long count)
    {
        var result = new string[count];
        int n = 0;
        var reader = new ProtoReader(data, start, Message);
        while (reader.TryReadTag(out int field, out WireType wire, F.FieldName))
        {
            if (field == F.StringData)
            {
                result[n++] = Encoding.UTF8.GetString(reader.ReadLengthDelimited(out _));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return result;
    }

    /// <summary>Bytes of <paramref name="count"/> elements as raw_data holds them.</summary>
    private static long RawBytes(OnnxTensorElementType type, long count) => type switch
    {
        OnnxTensorElementType.UInt4 or OnnxTensorElementType.Int4 or OnnxTensorElementType.Float4E2M1 => (count + 1) / 2,
        OnnxTensorElementType.UInt8 or OnnxTensorElementType.Int8 or OnnxTensorElementType.Bool or OnnxTensorElementType.Float8E4M3FN
            or OnnxTensorElementType.Float8E4M3FNUZ or OnnxTensorElementType.Float8E5M2 or OnnxTensorElementType.Float8E5M2FNUZ => count,
        OnnxTensorElementType.UInt16 or OnnxTensorElementType.Int16 or OnnxTensorElementType.Float16 or OnnxTensorElementType.BFloat16 => checked(count * 2),
        OnnxTensorElementType.Float or OnnxTensorElementType.Int32 or OnnxTensorElementType.UInt32 => checked(count * 4),
        OnnxTensorElementType.Int64 or OnnxTensorElementType.UInt64 or OnnxTensorElementType.Double or OnnxTensorElementType.Complex64 => checked(count * 8),
        OnnxTensorElementType.Complex128 => checked(count * 16),
        _ => 0,
    };

    private static void AddDim(ReadContext context, List<long> dims, long dim, long offset)
    {
        if (dim < 0)
        {
            throw ReadContext.Error(offset, Message + ".dims", $"dimension {dim} is negative");
        }

        if (dims.Count >= context.Limits.MaxTensorRank)
        {
            throw ReadContext.Error(offset, Message + ".dims", $"the tensor has more than MaxTensorRank = {context.Limits.MaxTensorRank} dims");
        }

        context.Take(1, offset, Message + ".dims");
        dims.Add(dim);
    }

    /// <summary>Counts a fixed-width repeated field's values: one unpacked value, or a packed run whose length divides by the width.</summary>
    private static long CountFixed(ref ProtoReader reader, WireType wire, WireType unpacked, int width)
    {
        if (wire == WireType.LengthDelimited)
        {
            long at = reader.Offset;
            int length = reader.ReadLengthDelimited(out _).Length;
            if (length % width != 0)
            {
                throw reader.Error(at, $"a packed run of {length} bytes is not a whole number of {width}-byte values");
            }

            return length / width;
        }

        reader.Expect(wire, unpacked);
        reader.Skip(wire);
        return 1;
    }

    /// <summary>Counts a varint repeated field's values: one unpacked value, or every varint of a packed run (each checked).</summary>
    private static long CountVarints(ref ProtoReader reader, WireType wire)
    {
        if (wire == WireType.LengthDelimited)
        {
            var sub = new ProtoReader(reader.ReadLengthDelimited(out long start), start, reader.Message);
            long count = 0;
            while (!sub.AtEnd)
            {
                sub.ReadVarint();
                count++;
            }

            return count;
        }

        reader.Expect(wire, WireType.Varint);
        reader.ReadVarint();
        return 1;
    }

    private static bool TryMultiply(long a, long b, out long product)
    {
        try
        {
            product = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }
}
