namespace MLNetDeep.Onnx.Protobuf;

/// <summary>The protobuf wire types (the low three bits of a field's tag).</summary>
internal enum WireType
{
    /// <summary>A base-128 varint: int32, int64, uint64, bool, enum.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes: double, fixed64.</summary>
    Fixed64 = 1,

    /// <summary>A varint length then that many bytes: string, bytes, embedded messages, packed repeated scalars.</summary>
    LengthDelimited = 2,

    /// <summary>Start of a group (deprecated; never used by ONNX, rejected by the reader).</summary>
    StartGroup = 3,

    /// <summary>End of a group (deprecated; never used by ONNX, rejected by the reader).</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes: float, fixed32.</summary>
    Fixed32 = 5,
}
