namespace MLNetDeep.Onnx.Tests.Protobuf;

using System.Buffers.Binary;
using Google.Protobuf;
using WireType = Google.Protobuf.WireFormat.WireType;

/// <summary>
/// Writes protobuf fields one by one through Google.Protobuf's <see cref="CodedOutputStream"/>, so that tests can build
/// the models no ONNX writer would: any field number, wire type, length, order or nesting.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter() => _output = new CodedOutputStream(_bytes, leaveOpen: true);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => ToArray();

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray()
    {
        _output.Flush();
        return _bytes.ToArray();
    }

    /// <summary>A field key: <c>(field &lt;&lt; 3) | wireType</c> as a varint.</summary>
    public void WriteTag(int field, WireType wireType) => _output.WriteTag(field, wireType);

    /// <summary>A bare varint (after <see cref="WriteTag"/>, a length that need not be true).</summary>
    public void WriteVarint(ulong value) => _output.WriteUInt64(value);

    /// <summary>An int64 (or int32, enum) field; a negative value takes ten bytes.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        _output.WriteInt64(value);
    }

    /// <summary>A float field (fixed32).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        _output.WriteFloat(value);
    }

    /// <summary>A string field (UTF-8).</summary>
    public void WriteString(int field, string value)
    {
        WriteTag(field, WireType.LengthDelimited);
        _output.WriteString(value);
    }

    /// <summary>A bytes field, or an embedded message or a packed run already encoded.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
    }

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian float32 (ONNX's raw_data layout).</summary>
    public void WriteFloatsAsBytes(int field, ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        WriteBytes(field, bytes);
    }

    /// <summary>An embedded message whose fields <paramref name="body"/> writes.</summary>
    public void WriteMessage(int field, Action<ProtoWriter> body)
    {
        var child = new ProtoWriter();
        body(child);
        WriteBytes(field, child.WrittenSpan);
    }
}
