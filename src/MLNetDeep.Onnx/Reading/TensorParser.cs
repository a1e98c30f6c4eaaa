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
        Fields f = ReadFields(context, data, start, depth);
        string what = $"{Message} '{ReadContext.Shorten(f.Name)}'";
        long count = ElementCount(context, f.Dims, start, what);
        if (!Enum.IsDefined((OnnxTensorElementType)f.DataType) || f.DataType == 0)
        {
            throw ReadContext.Error(start, what, $"data_type {f.DataType} is not a known tensor element type");
        }

        var type = (OnnxTensorElementType)f.DataType;
        long byteLength = type == OnnxTensorElementType.String ? f.StringBytes : RawBytes(type, count);
        if (f.Location is not (0 or 1))
        {
            throw ReadContext.Error(start, what, $"data_location {f.Location} is neither DEFAULT (0) nor EXTERNAL (1)");
        }

        bool external = f.Location == 1;
        if (external)
        {
            if (f.ExternalEntries == 0 || f.RawLength >= 0 || f.TypedTotal > 0)
            {
                throw ReadContext.Error(start, what, "an EXTERNAL tensor needs external_data entries and no embedded data");
            }
        }
        else if (f.RawLength >= 0)
        {
            CheckRawData(f, type, byteLength, start, what);
        }
        else
        {
            CheckTypedData(f, type, count, start, what);
        }

        return new OnnxTensorInfo(f.Name, type, f.Dims, count, byteLength, external, context.Model.Slice(checked((int)start), data.Length), start);
    }

    /// <summary>The float32 values of a checked Float tensor.</summary>
    public static float[] ReadSingles(ReadOnlySpan<byte> data, long start, long count) =>
        ReadValues(data, start, count, F.FloatData, 4, static raw => BinaryPrimitives.ReadSingleLittleEndian(raw), static (ref ProtoReader r) => r.ReadFloat());

    /// <summary>The int64 values of a checked Int64 tensor.</summary>
    public static long[] ReadInt64s(ReadOnlySpan<byte> data, long start, long count) =>
        ReadValues(data, start, count, F.Int64Data, 8, static raw => BinaryPrimitives.ReadInt64LittleEndian(raw), static (ref ProtoReader r) => r.ReadInt64());

    /// <summary>The values of a checked String tensor.</summary>
    public static string[] ReadStrings(ReadOnlySpan<byte> data, long start, long count)
    {
        var result = new string[count];
        int n = 0;
        var reader = new ProtoReader(data, start, Message);
        reader.ReadFields(F.FieldName, (ref ProtoReader r, int field, WireType wire) =>
        {
            if (field != F.StringData)
            {
                return false;
            }

            result[n++] = Encoding.UTF8.GetString(r.ReadLengthDelimited(out _));
            return true;
        });

        return result;
    }

    /// <summary>What a TensorProto's fields hold: its dims, type and name, and how much data each data field holds (counted, not decoded).</summary>
    private sealed class Fields
    {
        public readonly List<long> Dims = [];
        public long DataType;
        public long RawLength = -1;
        public long Location;
        /// <summary>How many values each typed data field (float_data ... uint64_data) holds, by field number.</summary>
        public readonly long[] Typed = new long[F.UInt64Data + 1];
        public long StringBytes;
        public long ExternalEntries;
        public string Name = "";

        public long TypedTotal => Typed.Sum();
    }

    private static Fields ReadFields(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        var f = new Fields();
        context.ReadMessage(data, start, depth, Message, F.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case F.Dims when wire == WireType.LengthDelimited:
                    ReadOnlySpan<byte> packed = reader.ReadLengthDelimited(out long packedStart);
                    var sub = new ProtoReader(packed, packedStart, Message + ".dims");
                    while (!sub.AtEnd)
                    {
                        AddDim(context, f.Dims, sub.ReadInt64(), sub.Offset);
                    }

                    return true;
                case F.Dims:
                    long at = reader.Offset;
                    AddDim(context, f.Dims, reader.ReadInt64(wire), at);
                    return true;
                case F.DataType:
                    f.DataType = reader.ReadInt32(wire);
                    return true;
                case F.Segment:
                    throw ReadContext.Error(reader.Offset, Message + ".segment", "segmented tensors are not supported");
                case F.FloatData or F.DoubleData:
                    f.Typed[field] = checked(f.Typed[field] + CountRepeated(ref reader, wire, field == F.FloatData ? WireType.Fixed32 : WireType.Fixed64));
                    return true;
                case F.Int32Data or F.Int64Data or F.UInt64Data:
                    f.Typed[field] = checked(f.Typed[field] + CountRepeated(ref reader, wire, WireType.Varint));
                    return true;
                case F.StringData:
                    f.StringBytes += context.TakeLengthDelimited(ref reader, wire, Message + ".string_data", out _).Length;
                    f.Typed[F.StringData]++;
                    return true;
                case F.Name:
                    f.Name = reader.ReadString(wire);
                    return true;
                case F.RawData:
                    f.RawLength = reader.ReadLengthDelimited(wire, out _).Length;
                    return true;
                case F.ExternalData:
                    context.TakeLengthDelimited(ref reader, wire, Message + ".external_data", out _);
                    f.ExternalEntries++;
                    return true;
                case F.DataLocation:
                    f.Location = reader.ReadInt32(wire);
                    return true;
                default:
                    return false;
            }
        });

        return f;
    }

    /// <summary>The product of the dims, checked against <c>MaxTensorElements</c> with overflow-checked arithmetic.</summary>
    private static long ElementCount(ReadContext context, List<long> dims, long start, string what)
    {
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

        return count;
    }

    private static void CheckRawData(Fields f, OnnxTensorElementType type, long byteLength, long start, string what)
    {
        if (type == OnnxTensorElementType.String)
        {
            throw ReadContext.Error(start, what, "a string tensor cannot use raw_data");
        }

        if (f.TypedTotal > 0)
        {
            throw ReadContext.Error(start, what, "the tensor has both raw_data and typed data fields");
        }

        if (f.RawLength != byteLength)
        {
            throw ReadContext.Error(start, what, $"dims [{string.Join(", ", f.Dims)}] of {type} need {byteLength} bytes of raw_data; it holds {f.RawLength}");
        }
    }

    /// <summary>The typed data field the type keeps its values in holds exactly the declared count, and no other does.</summary>
    private static void CheckTypedData(Fields f, OnnxTensorElementType type, long count, long start, string what)
    {
        (long expected, int typedField) = type switch
        {
            OnnxTensorElementType.Float => (count, F.FloatData),
            OnnxTensorElementType.Complex64 => (checked(count * 2), F.FloatData),
            OnnxTensorElementType.String => (count, F.StringData),
            OnnxTensorElementType.Int64 => (count, F.Int64Data),
            OnnxTensorElementType.Double => (count, F.DoubleData),
            OnnxTensorElementType.Complex128 => (checked(count * 2), F.DoubleData),
            OnnxTensorElementType.UInt32 or OnnxTensorElementType.UInt64 => (count, F.UInt64Data),
            OnnxTensorElementType.UInt4 or OnnxTensorElementType.Int4 or OnnxTensorElementType.Float4E2M1 => ((count + 1) / 2, F.Int32Data),
            _ => (count, F.Int32Data),
        };
        long present = f.Typed[typedField];
        string fieldName = F.FieldName(typedField);
        if (present != f.TypedTotal)
        {
            throw ReadContext.Error(start, what, $"a {type} tensor keeps its values in {fieldName}, but other typed data fields hold {f.TypedTotal - present} values");
        }

        if (present != expected)
        {
            throw ReadContext.Error(start, what, $"dims [{string.Join(", ", f.Dims)}] declare {count} elements ({expected} {fieldName} values); {fieldName} holds {present}");
        }
    }

    /// <summary>The values of a checked tensor whose type keeps them in <paramref name="typedField"/> or raw_data (<paramref name="width"/> bytes each).</summary>
    private static T[] ReadValues<T>(ReadOnlySpan<byte> data, long start, long count, int typedField, int width, Func<ReadOnlySpan<byte>, T> fromRaw, ProtoValueReader<T> fromField)
    {
        var result = new T[count];
        int n = 0;
        var reader = new ProtoReader(data, start, Message);
        reader.ReadFields(F.FieldName, (ref ProtoReader r, int field, WireType wire) =>
        {
            if (field == F.RawData)
            {
                ReadOnlySpan<byte> raw = r.ReadLengthDelimited(out _);
                for (int i = 0; i < count; i++)
                {
                    result[i] = fromRaw(raw.Slice(i * width, width));
                }
            }
            else if (field == typedField && wire == WireType.LengthDelimited)
            {
                var sub = new ProtoReader(r.ReadLengthDelimited(out long s), s, Message);
                while (!sub.AtEnd)
                {
                    result[n++] = fromField(ref sub);
                }
            }
            else if (field == typedField)
            {
                result[n++] = fromField(ref r);
            }
            else
            {
                return false;
            }

            return true;
        });

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

    /// <summary>
    /// Counts a numeric repeated field's values without decoding them: one unpacked value, or a packed run, of varints
    /// (each checked) or of fixed-width values (its length must divide by the width).
    /// </summary>
    private static long CountRepeated(ref ProtoReader reader, WireType wire, WireType unpacked)
    {
        if (wire != WireType.LengthDelimited)
        {
            reader.Expect(wire, unpacked);
            reader.Skip(wire);
            return 1;
        }

        long at = reader.Offset;
        ReadOnlySpan<byte> run = reader.ReadLengthDelimited(out long start);
        if (unpacked == WireType.Varint)
        {
            var sub = new ProtoReader(run, start, reader.Message);
            long count = 0;
            while (!sub.AtEnd)
            {
                sub.ReadVarint();
                count++;
            }

            return count;
        }

        int width = unpacked == WireType.Fixed32 ? 4 : 8;
        if (run.Length % width != 0)
        {
            throw reader.Error(at, $"a packed run of {run.Length} bytes is not a whole number of {width}-byte values");
        }

        return run.Length / width;
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
