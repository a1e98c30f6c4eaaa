namespace MLNetDeep.Onnx.Reading;

using System.Globalization;
using System.Text.Unicode;
using Google.Protobuf.Reflection;
using global::Onnx;
using WireType = Google.Protobuf.WireFormat.WireType;

/// <summary>
/// Walks a message's protobuf wire format, as the generated classes' descriptors describe it, before Google.Protobuf
/// parses it: Google.Protobuf allocates an object per message and per string while it reads (an empty NodeProto is 2
/// bytes of input and about 200 bytes of objects), so the counts are checked here first. Every length is checked against
/// the bytes left in its message, every known field's wire type against the schema, every varint and every string's
/// UTF-8; nesting against <see cref="OnnxReaderLimits.MaxNestingDepth"/>, a tensor's or a shape's dims against
/// <see cref="OnnxReaderLimits.MaxTensorRank"/>; every message and every value of a repeated field (a packed run counted
/// by its values) is charged against <see cref="OnnxReaderLimits.MaxItems"/>. Allocates nothing unless it throws.
/// </summary>
/// <remarks>
/// Groups and the reserved wire types 6 and 7 are refused: ONNX never writes them. So is a oneof's message field given
/// twice in a row, which Google.Protobuf would merge by copying the first (a few input bytes per copy of a whole
/// subtree); ONNX's writers never repeat one.
/// </remarks>
internal sealed class WireScan(OnnxReaderLimits limits)
{
    private static readonly FieldDescriptor TensorDims = TensorProto.Descriptor.FindFieldByNumber(TensorProto.DimsFieldNumber);
    private static readonly FieldDescriptor ShapeDims = TensorShapeProto.Descriptor.FindFieldByNumber(TensorShapeProto.DimFieldNumber);
    private long _items;

    /// <summary>
    /// Scans <paramref name="data"/>, a <paramref name="type"/> message that starts at <paramref name="start"/> in the
    /// model, nested <paramref name="depth"/> deep; only field <paramref name="only"/> when that is not 0 (the others are
    /// skipped after their lengths are checked).
    /// </summary>
    public void Scan(MessageDescriptor type, ReadOnlySpan<byte> data, long start, int depth, int only = 0)
    {
        if (depth > limits.MaxNestingDepth)
        {
            throw Invalid(start, NameOf(type), $"messages nest deeper than MaxNestingDepth = {limits.MaxNestingDepth}");
        }

        var wire = new WireCursor(data, start, type);
        Span<int> oneofCases = stackalloc int[type.Oneofs.Count];
        long rank = 0;
        while (wire.TryReadTag(out int number, out WireType actual, out long at))
        {
            FieldDescriptor? field = only == 0 || number == only ? type.FindFieldByNumber(number) : null;
            if (field is null)
            {
                wire.Skip(actual);
                continue;
            }

            WireType expected = WireTypeOf(field.FieldType);
            bool packed = field.IsRepeated && actual == WireType.LengthDelimited && expected != WireType.LengthDelimited;
            if (!packed)
            {
                wire.Expect(actual, expected);
            }

            if (field.ContainingOneof is { } oneof)
            {
                if (field.FieldType == FieldType.Message && oneofCases[oneof.Index] == number)
                {
                    throw wire.Error(at, $"the oneof '{oneof.Name}' is given a {field.Name} message twice in a row");
                }

                oneofCases[oneof.Index] = number;
            }

            long values = packed ? wire.CountPacked(expected) : 1;
            if (field.FieldType == FieldType.Message || field.IsRepeated)
            {
                Charge(values, at, wire);
            }

            if ((field == TensorDims || field == ShapeDims) && (rank += values) > limits.MaxTensorRank)
            {
                throw wire.Error(at, $"more than MaxTensorRank = {limits.MaxTensorRank} dims");
            }

            if (field.FieldType == FieldType.Message)
            {
                ReadOnlySpan<byte> body = wire.ReadLengthDelimited(out long bodyStart);
                Scan(field.MessageType, body, bodyStart, depth + 1);
            }
            else if (!packed)
            {
                wire.ReadValue(field.FieldType, actual);
            }
        }
    }

    /// <summary>
    /// Where the values of a path of length-delimited fields lie in <paramref name="model"/> (already scanned), within
    /// <paramref name="message"/>: in wire order through every occurrence of each field on the path, the order
    /// Google.Protobuf gives a repeated field (a singular message that occurs twice is merged, its lists appended).
    /// </summary>
    public static List<Range> Values(ReadOnlySpan<byte> model, Range message, int[] path)
    {
        List<Range> current = [message];
        foreach (int field in path)
        {
            List<Range> next = [];
            foreach (Range range in current)
            {
                var wire = new WireCursor(model[range], range.Start.Value, null);
                while (wire.TryReadTag(out int number, out WireType type, out _))
                {
                    if (number != field || type != WireType.LengthDelimited)
                    {
                        wire.Skip(type);
                        continue;
                    }

                    int length = wire.ReadLengthDelimited(out long start).Length;
                    next.Add(new Range((int)start, (int)start + length));
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>The reader's one error format: the offset in the model, where (a message and field), and the problem.</summary>
    public static InvalidDataException Invalid(long offset, string where, string problem) =>
        new($"Invalid ONNX model at byte offset {offset.ToString(CultureInfo.InvariantCulture)}, {where}: {problem}.");

    private void Charge(long count, long offset, in WireCursor wire)
    {
        _items += count;
        if (_items > limits.MaxItems)
        {
            throw wire.Error(offset, $"the model holds more than MaxItems = {limits.MaxItems.ToString(CultureInfo.InvariantCulture)} items (messages, names, dims, list values)");
        }
    }

    /// <summary>A message's name in onnx.proto: <c>ModelProto</c>, <c>TypeProto.Tensor</c>...</summary>
    private static string NameOf(MessageDescriptor type) => type.FullName[(type.File.Package.Length + 1)..];

    private static WireType WireTypeOf(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireType.LengthDelimited,
        FieldType.Group => WireType.StartGroup,
        _ => WireType.Varint,
    };

    /// <summary>Reads one message's fields; every failure names the offset, the message and field, and the bad value.</summary>
    private ref struct WireCursor(ReadOnlySpan<byte> data, long start, MessageDescriptor? type)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;
        private int _field;

        private readonly long Offset => start + _position;

        /// <summary>Reads the next field key; false at the end of the message.</summary>
        public bool TryReadTag(out int field, out WireType wireType, out long at)
        {
            at = Offset;
            field = _field = 0;
            wireType = 0;
            if (_position >= _data.Length)
            {
                return false;
            }

            ulong key = ReadVarint();
            if (key >> 3 is 0 or > 536_870_911)
            {
                throw Error(at, $"field number {key >> 3} is outside [1, 2^29 - 1]");
            }

            field = _field = (int)(key >> 3);
            wireType = (WireType)(key & 7);
            return wireType switch
            {
                WireType.StartGroup or WireType.EndGroup => throw Error(at, $"wire type {(int)wireType} (a group) is not used by ONNX"),
                > WireType.Fixed32 => throw Error(at, $"wire type {(int)wireType} is not a protobuf wire type"),
                _ => true,
            };
        }

        public readonly void Expect(WireType actual, WireType expected)
        {
            if (actual != expected)
            {
                throw Error(Offset, $"wire type {(int)actual} ({actual}) where the schema says {(int)expected} ({expected})");
            }
        }

        /// <summary>Reads a value that is not a message: a varint (an int32 or enum must fit 32 bits), fixed bytes, or a length-delimited string (valid UTF-8) or bytes.</summary>
        public void ReadValue(FieldType type, WireType wire)
        {
            long at = Offset;
            if (wire == WireType.Varint)
            {
                long value = unchecked((long)ReadVarint());
                if (type is FieldType.Int32 or FieldType.Enum && value is < int.MinValue or > int.MaxValue)
                {
                    throw Error(at, $"value {value} does not fit an int32");
                }
            }
            else if (wire == WireType.LengthDelimited)
            {
                ReadOnlySpan<byte> bytes = ReadLengthDelimited(out long bytesStart);
                if (type == FieldType.String && !Utf8.IsValid(bytes))
                {
                    throw Error(bytesStart, "the string is not valid UTF-8");
                }
            }
            else
            {
                Skip(wire);
            }
        }

        /// <summary>The number of values in a packed run of varints (each checked) or of fixed-width values (the length must divide by the width).</summary>
        public long CountPacked(WireType unpacked)
        {
            long at = Offset;
            ReadOnlySpan<byte> run = ReadLengthDelimited(out long runStart);
            if (unpacked == WireType.Varint)
            {
                var values = new WireCursor(run, runStart, type) { _field = _field };
                long count = 0;
                for (; values._position < run.Length; count++)
                {
                    values.ReadVarint();
                }

                return count;
            }

            int width = unpacked == WireType.Fixed32 ? 4 : 8;
            return run.Length % width == 0 ? run.Length / width : throw Error(at, $"a packed run of {run.Length} bytes is not a whole number of {width}-byte values");
        }

        /// <summary>Reads a length-delimited field's bytes; <paramref name="bytesStart"/> is their offset in the model.</summary>
        public ReadOnlySpan<byte> ReadLengthDelimited(out long bytesStart)
        {
            long at = Offset;
            ulong length = ReadVarint();
            int left = _data.Length - _position;
            if (length > (ulong)left)
            {
                throw Error(at, $"length {length} runs past the end of the message ({left} bytes left)");
            }

            bytesStart = Offset;
            _position += (int)length;
            return _data.Slice(_position - (int)length, (int)length);
        }

        /// <summary>Skips a value of the given wire type (varint, fixed64, length-delimited or fixed32).</summary>
        public void Skip(WireType wire)
        {
            int size = wire == WireType.Fixed32 ? 4 : 8;
            if (wire == WireType.Varint)
            {
                ReadVarint();
            }
            else if (wire == WireType.LengthDelimited)
            {
                ReadLengthDelimited(out _);
            }
            else if (_data.Length - _position < size)
            {
                throw Error(Offset, $"a {size}-byte value runs past the end of the message");
            }
            else
            {
                _position += size;
            }
        }

        /// <summary>An error at <paramref name="offset"/> in the current message and field.</summary>
        public readonly InvalidDataException Error(long offset, string problem)
        {
            string field = _field == 0 ? "key" : type?.FindFieldByNumber(_field)?.Name ?? "#" + _field.ToString(CultureInfo.InvariantCulture);
            return Invalid(offset, $"{(type is null ? "?" : NameOf(type))}.{field}", problem);
        }

        private ulong ReadVarint()
        {
            long at = Offset;
            ulong result = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw Error(at, "the varint runs past the end of the message");
                }

                byte b = _data[_position++];
                if (shift == 63 && b > 1)
                {
                    throw Error(at, "the varint overflows 64 bits");
                }

                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw Error(at, "the varint is longer than ten bytes");
        }
    }
}
