namespace MLNetDeep.Onnx.Protobuf;

using System.Buffers.Binary;
using System.Text;

/// <summary>
/// Appends protobuf wire-format fields to a growing buffer. Embedded messages are written by a child writer and then
/// appended with their length (<see cref="WriteMessage"/>), so a message's bytes depend only on what is written.
/// </summary>
/// <remarks>Field order is the caller's: the ONNX writer writes fields in ascending field-number order.</remarks>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Writes a field key: <c>(field &lt;&lt; 3) | wireType</c> as a varint.</summary>
    public void WriteTag(int field, WireType wireType)
    {
        if (field < 1 || field > 536_870_911)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "A protobuf field number is in [1, 2^29 - 1].");
        }

        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    /// <summary>Writes a base-128 varint (a negative int64 takes ten bytes, as protobuf encodes it).</summary>
    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    /// <summary>An int64 (or int32, enum) field, varint-encoded.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>A repeated int64 field, unpacked: one key per value (ONNX's proto2 fields have no <c>[packed = true]</c>).</summary>
    public void WriteInt64s(int field, IEnumerable<long> values)
    {
        foreach (long value in values)
        {
            WriteInt64(field, value);
        }
    }

    /// <summary>A float field (fixed32, little-endian).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length, 4), value);
        _length += 4;
    }

    /// <summary>A string field (UTF-8 bytes, length-delimited).</summary>
    public void WriteString(int field, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        Ensure(byteCount);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length, byteCount));
    }

    /// <summary>A repeated string field: one key per value.</summary>
    public void WriteStrings(int field, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            WriteString(field, value);
        }
    }

    /// <summary>A bytes field (length-delimited).</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian float32 (ONNX's raw_data layout).</summary>
    public void WriteFloatsAsBytes(int field, ReadOnlySpan<float> values)
    {
        int byteCount = checked(values.Length * sizeof(float));
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        Ensure(byteCount);
        Span<byte> destination = _buffer.AsSpan(_length, byteCount);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(i * sizeof(float), sizeof(float)), values[i]);
        }

        _length += byteCount;
    }

    /// <summary>An embedded message: <paramref name="body"/> writes its fields into a child writer, appended here with its length.</summary>
    public void WriteMessage(int field, Action<ProtoWriter> body)
    {
        var child = new ProtoWriter();
        body(child);
        WriteBytes(field, child.WrittenSpan);
    }

    /// <summary>A repeated message field: one message per item, in order, its fields written by <paramref name="body"/>.</summary>
    public void WriteMessages<T>(int field, IEnumerable<T> items, Action<ProtoWriter, T> body)
    {
        foreach (T item in items)
        {
            WriteMessage(field, child => body(child, item));
        }
    }

    private void Ensure(int extra)
    {
        long needed = (long)_length + extra;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"The ONNX model would exceed {Array.MaxLength} bytes.");
        }

        if (needed > _buffer.Length)
        {
            long size = Math.Max(needed, Math.Min(Array.MaxLength, (long)_buffer.Length * 2));
            Array.Resize(ref _buffer, (int)size);
        }
    }
}
