namespace MLNetDeep.Onnx;

/// <summary>ONNX tensor element types, with ONNX's numbers (<c>TensorProto.DataType</c> in onnx.proto).</summary>
public enum OnnxTensorElementType
{
    /// <summary>Not set (or not a tensor).</summary>
    Undefined = 0,

    /// <summary>float32.</summary>
    Float = 1,

    /// <summary>uint8.</summary>
    UInt8 = 2,

    /// <summary>int8.</summary>
    Int8 = 3,

    /// <summary>uint16.</summary>
    UInt16 = 4,

    /// <summary>int16.</summary>
    Int16 = 5,

    /// <summary>int32.</summary>
    Int32 = 6,

    /// <summary>int64.</summary>
    Int64 = 7,

    /// <summary>UTF-8 string (ONNX: arbitrary bytes).</summary>
    String = 8,

    /// <summary>bool.</summary>
    Bool = 9,

    /// <summary>IEEE half precision.</summary>
    Float16 = 10,

    /// <summary>float64.</summary>
    Double = 11,

    /// <summary>uint32.</summary>
    UInt32 = 12,

    /// <summary>uint64.</summary>
    UInt64 = 13,

    /// <summary>Two float32: real and imaginary parts.</summary>
    Complex64 = 14,

    /// <summary>Two float64: real and imaginary parts.</summary>
    Complex128 = 15,

    /// <summary>bfloat16.</summary>
    BFloat16 = 16,

    /// <summary>8-bit float, E4M3, finite only.</summary>
    Float8E4M3FN = 17,

    /// <summary>8-bit float, E4M3, finite only, no negative zero.</summary>
    Float8E4M3FNUZ = 18,

    /// <summary>8-bit float, E5M2.</summary>
    Float8E5M2 = 19,

    /// <summary>8-bit float, E5M2, finite only, no negative zero.</summary>
    Float8E5M2FNUZ = 20,

    /// <summary>4-bit unsigned integer, two per byte.</summary>
    UInt4 = 21,

    /// <summary>4-bit signed integer, two per byte.</summary>
    Int4 = 22,

    /// <summary>4-bit float E2M1, two per byte.</summary>
    Float4E2M1 = 23,
}
