namespace MLNetDeep.Onnx.Protobuf;

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

/// <summary>
/// Reads protobuf wire-format fields from one message's bytes. Every read checks the bytes left before touching
/// them, and every failure is an <see cref="InvalidDataException"/> naming the absolute offset in the model, the
/// message and field being read, and the bad value.
/// </summary>
/// <remarks>
/// Groups (wire types 3 and 4) and the reserved wire types 6 and 7 are rejected: ONNX never writes them. Nothing here
/// allocates except <see cref="ReadString()"/>, whose result is bounded by the bytes present.
/// </remarks>
internal ref struct ProtoReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _baseOffset;
    private readonly string _message;
    private int _position;
    private string _field;

    /// <summary>Reads the message <paramref name="message"/> held in <paramref name="data"/>, which starts at <paramref name="baseOffset"/> of the model.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, long baseOffset, string message)
    {
        _data = data;
        _baseOffset = baseOffset;
        _message = message;
        _field = "";
        _position = 0;
    }

    /// <summary>Whether every byte of the message has been read.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The absolute offset (in the model) of the next byte to read.</summary>
    public readonly long Offset => _baseOffset + _position;

    /// <summary>The message being read, for error messages.</summary>
    public readonly string Message => _message;

    /// <summary>Reads the next field key. False at the end of the message.</summary>
    /// <param name="field">The field number, at least 1.</param>
    /// <param name="wireType">The wire type: varint, fixed64, length-delimited or fixed32.</param>
    /// <param name="fieldName">Maps a field number to its name for later error messages (unknown numbers: <c>#N</c>).</param>
    public bool TryReadTag(out int field, out WireType wireType, Func<int, string> fieldName)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        long at = Offset;
        _field = "key";
        ulong key = ReadVarint();
        ulong number = key >> 3;
        int type = (int)(key & 7);
        if (number == 0 || number > 536_870_911)
        {
            throw Error(at, $"field number {number} is outside [1, 2^29 - 1]");
        }

        field = (int)number;
        _field = fieldName(field);
        if (type is 3 or 4)
        {
            throw Error(at, $"wire type {type} (a group) is not used by ONNX");
        }

        if (type is 6 or 7)
        {
            throw Error(at, $"wire type {type} is not a protobuf wire type");
        }

        wireType = (WireType)type;
        return true;
    }

    /// <summary>
    /// Reads every field left: <paramref name="read"/> reads the fields it knows and returns false for the others,
    /// which are skipped. The one loop every message parser shares.
    /// </summary>
    public void ReadFields(Func<int, string> fieldName, ProtoFieldReader read)
    {
        while (TryReadTag(out int field, out WireType wire, fieldName))
        {
            if (!read(ref this, field, wire))
            {
                Skip(wire);
            }
        }
    }

    /// <summary>Throws unless the current field has the wire type the schema gives it.</summary>
    public readonly void Expect(WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw Error(Offset, $"wire type {(int)actual} ({actual}) where the schema says {(int)expected} ({expected})");
        }
    }

    /// <summary>Reads a base-128 varint of at most ten bytes.</summary>
    public ulong ReadVarint()
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

    /// <summary>Reads an int64 varint.</summary>
    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>Reads an int32 (or enum) varint: a negative value is sign-extended to 64 bits, as protobuf writes it.</summary>
    public int ReadInt32()
    {
        long at = Offset;
        long value = ReadInt64();
        if (value < int.MinValue || value > int.MaxValue)
        {
            throw Error(at, $"value {value} does not fit an int32");
        }

        return (int)value;
    }

    /// <summary>Reads a fixed32 float.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(ReadFixed(4));

    /// <summary>Reads an int64 varint field after checking that the field has that wire type (<see cref="Expect"/>).</summary>
    public long ReadInt64(WireType wire)
    {
        Expect(wire, WireType.Varint);
        return ReadInt64();
    }

    /// <summary>Reads an int32 (or enum) varint field after checking that the field has that wire type.</summary>
    public int ReadInt32(WireType wire)
    {
        Expect(wire, WireType.Varint);
        return ReadInt32();
    }

    /// <summary>Reads a fixed32 float field after checking that the field has that wire type.</summary>
    public float ReadFloat(WireType wire)
    {
        Expect(wire, WireType.Fixed32);
        return ReadFloat();
    }

    /// <summary>Reads a length-delimited field's bytes; <paramref name="start"/> is their absolute offset.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long start)
    {
        long at = Offset;
        ulong length = ReadVarint();
        int left = _data.Length - _position;
        if (length > (ulong)left)
        {
            throw Error(at, $"length {length} runs past the end of the message ({left} bytes left)");
        }

        start = Offset;
        ReadOnlySpan<byte> bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Reads a length-delimited field's bytes after checking that the field has that wire type (<see cref="Expect"/>).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(WireType wire, out long start)
    {
        Expect(wire, WireType.LengthDelimited);
        return ReadLengthDelimited(out start);
    }

    /// <summary>Reads a string field: valid UTF-8 or an error.</summary>
    public string ReadString()
    {
        ReadOnlySpan<byte> bytes = ReadLengthDelimited(out long start);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(start, "the string is not valid UTF-8");
        }
    }

    /// <summary>Reads a string field after checking that the field has that wire type.</summary>
    public string ReadString(WireType wire)
    {
        Expect(wire, WireType.LengthDelimited);
        return ReadString();
    }

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case WireType.Fixed32:
                ReadFixed(4);
                break;
            default:
                throw Error(Offset, $"wire type {(int)wireType} cannot be skipped");
        }
    }

    /// <summary>An error at <paramref name="offset"/> in the current message and field.</summary>
    public readonly InvalidDataException Error(long offset, string what) =>
        Invalid(offset, $"{_message}.{(_field.Length == 0 ? "?" : _field)}", what);

    /// <summary>The reader's one error format: the offset in the model, where (a message and field), and the problem.</summary>
    public static InvalidDataException Invalid(long offset, string where, string problem) =>
        new($"Invalid ONNX model at byte offset {offset.ToString(CultureInfo.InvariantCulture)}, {where}: {problem}.");

    private ReadOnlySpan<byte> ReadFixed(int size)
    {
        if (_data.Length - _position < size)
        {
            throw Error(Offset, $"a {size}-byte value runs past the end of the message");
        }

        ReadOnlySpan<byte> bytes = _data.Slice(_position, size);
        _position += size;
        return bytes;
    }
}

/// <summary>Reads one value of a repeated field at the reader's position (for helpers shared by fields of different types).</summary>
internal delegate T ProtoValueReader<T>(ref ProtoReader reader);

/// <summary>Reads one field of a message if it knows it (<see cref="ProtoReader.ReadFields"/>); false leaves it to be skipped.</summary>
internal delegate bool ProtoFieldReader(ref ProtoReader reader, int field, WireType wire);
