namespace MLNetDeep.Onnx;

/// <summary>ONNX attribute types, with ONNX's numbers (<c>AttributeProto.AttributeType</c> in onnx.proto).</summary>
public enum OnnxAttributeType
{
    /// <summary>Not set.</summary>
    Undefined = 0,

    /// <summary>One float (<see cref="OnnxAttributeInfo.Float"/>).</summary>
    Float = 1,

    /// <summary>One int64 (<see cref="OnnxAttributeInfo.Int"/>).</summary>
    Int = 2,

    /// <summary>One string (<see cref="OnnxAttributeInfo.String"/>).</summary>
    String = 3,

    /// <summary>A tensor (<see cref="OnnxAttributeInfo.Tensor"/>).</summary>
    Tensor = 4,

    /// <summary>A subgraph (not described; skipped).</summary>
    Graph = 5,

    /// <summary>A list of floats (<see cref="OnnxAttributeInfo.Floats"/>).</summary>
    Floats = 6,

    /// <summary>A list of int64 (<see cref="OnnxAttributeInfo.Ints"/>).</summary>
    Ints = 7,

    /// <summary>A list of strings (<see cref="OnnxAttributeInfo.Strings"/>).</summary>
    Strings = 8,

    /// <summary>A list of tensors (not described; skipped).</summary>
    Tensors = 9,

    /// <summary>A list of subgraphs (not described; skipped).</summary>
    Graphs = 10,

    /// <summary>A sparse tensor (not described; skipped).</summary>
    SparseTensor = 11,

    /// <summary>A list of sparse tensors (not described; skipped).</summary>
    SparseTensors = 12,

    /// <summary>A type (not described; skipped).</summary>
    TypeProto = 13,

    /// <summary>A list of types (not described; skipped).</summary>
    TypeProtos = 14,
}
