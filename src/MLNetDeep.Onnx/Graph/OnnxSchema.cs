namespace MLNetDeep.Onnx.Graph;

/// <summary>
/// Field numbers of the ONNX messages this project writes and reads (onnx.proto, IR version 8), with their names for
/// the reader's error messages.
/// </summary>
internal static class OnnxSchema
{
    /// <summary>ModelProto.</summary>
    public static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int Domain = 4;
        public const int ModelVersion = 5;
        public const int DocString = 6;
        public const int Graph = 7;
        public const int OpsetImport = 8;
        public const int MetadataProps = 14;

        public static string Name(int field) => field switch
        {
            IrVersion => "ir_version", ProducerName => "producer_name", ProducerVersion => "producer_version",
            Domain => "domain", ModelVersion => "model_version", DocString => "doc_string", Graph => "graph",
            OpsetImport => "opset_import", MetadataProps => "metadata_props", _ => Unknown(field),
        };
    }

    /// <summary>OperatorSetIdProto.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1;
        public const int Version = 2;

        public static string Name(int field) => field switch { Domain => "domain", Version => "version", _ => Unknown(field) };
    }

    /// <summary>StringStringEntryProto.</summary>
    public static class StringStringEntry
    {
        public const int Key = 1;
        public const int Value = 2;

        public static string Name(int field) => field switch { Key => "key", Value => "value", _ => Unknown(field) };
    }

    /// <summary>GraphProto.</summary>
    public static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int DocString = 10;
        public const int Input = 11;
        public const int Output = 12;
        public const int ValueInfo = 13;

        public static string FieldName(int field) => field switch
        {
            Node => "node", Name => "name", Initializer => "initializer", DocString => "doc_string", Input => "input",
            Output => "output", ValueInfo => "value_info", _ => Unknown(field),
        };
    }

    /// <summary>NodeProto.</summary>
    public static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
        public const int DocString = 6;
        public const int Domain = 7;

        public static string FieldName(int field) => field switch
        {
            Input => "input", Output => "output", Name => "name", OpType => "op_type", Attribute => "attribute",
            DocString => "doc_string", Domain => "domain", _ => Unknown(field),
        };
    }

    /// <summary>AttributeProto.</summary>
    public static class Attribute
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int S = 4;
        public const int T = 5;
        public const int G = 6;
        public const int Floats = 7;
        public const int Ints = 8;
        public const int Strings = 9;
        public const int Tensors = 10;
        public const int Graphs = 11;
        public const int DocString = 13;
        public const int Tp = 14;
        public const int TypeProtos = 15;
        public const int Type = 20;
        public const int RefAttrName = 21;
        public const int SparseTensor = 22;
        public const int SparseTensors = 23;

        public static string FieldName(int field) => field switch
        {
            Name => "name", F => "f", I => "i", S => "s", T => "t", G => "g", Floats => "floats", Ints => "ints",
            Strings => "strings", Tensors => "tensors", Graphs => "graphs", DocString => "doc_string", Tp => "tp",
            TypeProtos => "type_protos", Type => "type", RefAttrName => "ref_attr_name", SparseTensor => "sparse_tensor",
            SparseTensors => "sparse_tensors", _ => Unknown(field),
        };
    }

    /// <summary>ValueInfoProto.</summary>
    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
        public const int DocString = 3;

        public static string FieldName(int field) => field switch { Name => "name", Type => "type", DocString => "doc_string", _ => Unknown(field) };
    }

    /// <summary>TypeProto and its nested messages (Tensor, Sequence, Map, Optional, SparseTensor).</summary>
    public static class Type
    {
        public const int TensorType = 1;
        public const int SequenceType = 4;
        public const int MapType = 5;
        public const int Denotation = 6;
        public const int SparseTensorType = 8;
        public const int OptionalType = 9;

        /// <summary>Tensor.elem_type, SparseTensor.elem_type.</summary>
        public const int ElemType = 1;

        /// <summary>Tensor.shape, SparseTensor.shape.</summary>
        public const int Shape = 2;

        /// <summary>Sequence.elem_type, Optional.elem_type (a TypeProto).</summary>
        public const int NestedElemType = 1;

        /// <summary>Map.key_type.</summary>
        public const int KeyType = 1;

        /// <summary>Map.value_type.</summary>
        public const int ValueType = 2;

        public static string FieldName(int field) => field switch
        {
            TensorType => "tensor_type", SequenceType => "sequence_type", MapType => "map_type", Denotation => "denotation",
            SparseTensorType => "sparse_tensor_type", OptionalType => "optional_type", _ => Unknown(field),
        };

        public static string TensorFieldName(int field) => field switch { ElemType => "elem_type", Shape => "shape", _ => Unknown(field) };

        public static string NestedFieldName(int field) => field switch { NestedElemType => "elem_type", _ => Unknown(field) };

        public static string MapFieldName(int field) => field switch { KeyType => "key_type", ValueType => "value_type", _ => Unknown(field) };
    }

    /// <summary>TensorShapeProto and TensorShapeProto.Dimension.</summary>
    public static class Shape
    {
        public const int Dim = 1;
        public const int DimValue = 1;
        public const int DimParam = 2;
        public const int Denotation = 3;

        public static string FieldName(int field) => field switch { Dim => "dim", _ => Unknown(field) };

        public static string DimensionFieldName(int field) => field switch
        {
            DimValue => "dim_value", DimParam => "dim_param", Denotation => "denotation", _ => Unknown(field),
        };
    }

    /// <summary>TensorProto.</summary>
    public static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Segment = 3;
        public const int FloatData = 4;
        public const int Int32Data = 5;
        public const int StringData = 6;
        public const int Int64Data = 7;
        public const int Name = 8;
        public const int RawData = 9;
        public const int DoubleData = 10;
        public const int UInt64Data = 11;
        public const int DocString = 12;
        public const int ExternalData = 13;
        public const int DataLocation = 14;

        public static string FieldName(int field) => field switch
        {
            Dims => "dims", DataType => "data_type", Segment => "segment", FloatData => "float_data",
            Int32Data => "int32_data", StringData => "string_data", Int64Data => "int64_data", Name => "name",
            RawData => "raw_data", DoubleData => "double_data", UInt64Data => "uint64_data", DocString => "doc_string",
            ExternalData => "external_data", DataLocation => "data_location", _ => Unknown(field),
        };
    }

    private static string Unknown(int field) => "#" + field.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
