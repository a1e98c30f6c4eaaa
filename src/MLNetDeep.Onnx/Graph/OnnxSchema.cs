namespace MLNetDeep.Onnx.Graph;

using System.Globalization;
using System.Reflection;
using System.Text;

/// <summary>
/// Field numbers of the ONNX messages this project writes and reads (onnx.proto, IR version 8), one class per message.
/// Each class's <c>FieldName</c> names its fields for the reader's error messages; the names are derived from the
/// constants (<see cref="NamesOf"/>), so a field is declared once.
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

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Model));
    }

    /// <summary>OperatorSetIdProto.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1;
        public const int Version = 2;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(OperatorSetId));
    }

    /// <summary>StringStringEntryProto.</summary>
    public static class StringStringEntry
    {
        public const int Key = 1;
        public const int Value = 2;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(StringStringEntry));
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

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Graph));
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

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Node));
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

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Attribute));
    }

    /// <summary>ValueInfoProto.</summary>
    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
        public const int DocString = 3;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(ValueInfo));
    }

    /// <summary>TypeProto.</summary>
    public static class Type
    {
        public const int TensorType = 1;
        public const int SequenceType = 4;
        public const int MapType = 5;
        public const int Denotation = 6;
        public const int SparseTensorType = 8;
        public const int OptionalType = 9;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Type));
    }

    /// <summary>TypeProto.Tensor (and TypeProto.SparseTensor, which has the same fields).</summary>
    public static class TypeTensor
    {
        public const int ElemType = 1;
        public const int Shape = 2;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(TypeTensor));
    }

    /// <summary>TypeProto.Sequence (and TypeProto.Optional, which has the same field): the element's TypeProto.</summary>
    public static class TypeSequence
    {
        public const int ElemType = 1;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(TypeSequence));
    }

    /// <summary>TypeProto.Map.</summary>
    public static class TypeMap
    {
        public const int KeyType = 1;
        public const int ValueType = 2;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(TypeMap));
    }

    /// <summary>TensorShapeProto.</summary>
    public static class Shape
    {
        public const int Dim = 1;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Shape));
    }

    /// <summary>TensorShapeProto.Dimension.</summary>
    public static class Dimension
    {
        public const int DimValue = 1;
        public const int DimParam = 2;
        public const int Denotation = 3;

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Dimension));
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

        public static readonly Func<int, string> FieldName = NamesOf(typeof(Tensor));
    }

    /// <summary>
    /// The names of a message's fields, from its constants: PascalCase turned into onnx.proto's snake_case (IrVersion
    /// is ir_version, Int32Data int32_data, UInt64Data uint64_data); an unknown number is <c>#N</c>. A number declared
    /// twice fails the class's initialization, so each class must hold one message's fields.
    /// </summary>
    private static Func<int, string> NamesOf(System.Type message)
    {
        Dictionary<int, string> names = message.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => SnakeCase(f.Name));
        return field => names.TryGetValue(field, out string? name) ? name : "#" + field.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An underscore before each capital that follows a lower-case letter or a digit, then lower case.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
