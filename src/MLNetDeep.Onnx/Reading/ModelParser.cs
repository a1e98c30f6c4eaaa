namespace MLNetDeep.Onnx.Reading;

using System.Text;
using MLNetDeep.Onnx.Graph;
using MLNetDeep.Onnx.Protobuf;

/// <summary>
/// Reads a ModelProto into an <see cref="OnnxModelInfo"/>. Each message is read by a <see cref="ProtoReader"/> over
/// exactly its bytes; unknown fields are skipped; a known field with the wrong wire type, a length past its message,
/// a list past the item budget, nesting past the depth limit or a tensor whose data does not match its dims is an
/// <see cref="InvalidDataException"/>. Subgraphs (If/Loop bodies), functions and training info are skipped unread.
/// </summary>
internal static class ModelParser
{
    /// <summary>The description of the model <paramref name="context"/> holds.</summary>
    public static OnnxModelInfo Parse(ReadContext context)
    {
        var reader = new ProtoReader(context.Model.Span, 0, "ModelProto");
        long irVersion = 0, modelVersion = 0;
        string producerName = "", producerVersion = "", domain = "", docString = "";
        var opsets = new List<OnnxOpsetImport>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Name, List<OnnxValueInfo> Inputs, List<OnnxValueInfo> Outputs, List<OnnxTensorInfo> Initializers, List<OnnxNodeInfo> Nodes)? graph = null;
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Model.FieldName))
        {
            long at = reader.Offset;
            switch (field)
            {
                case OnnxSchema.Model.IrVersion:
                    reader.Expect(wire, WireType.Varint);
                    irVersion = reader.ReadInt64();
                    break;
                case OnnxSchema.Model.ModelVersion:
                    reader.Expect(wire, WireType.Varint);
                    modelVersion = reader.ReadInt64();
                    break;
                case OnnxSchema.Model.ProducerName:
                    producerName = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Model.ProducerVersion:
                    producerVersion = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Model.Domain:
                    domain = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Model.DocString:
                    docString = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Model.OpsetImport:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "ModelProto.opset_import");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long start);
                    opsets.Add(ParseOpset(context, bytes, start, 1));
                    break;
                }

                case OnnxSchema.Model.MetadataProps:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "ModelProto.metadata_props");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long start);
                    AddEntry(metadata, bytes, start, context, 1);
                    break;
                }

                case OnnxSchema.Model.Graph:
                {
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long start);
                    graph = ParseGraph(context, bytes, start, 1);
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (graph is not { } g)
        {
            throw ReadContext.Error(0, "ModelProto.graph", "the model has no graph");
        }

        return new OnnxModelInfo(irVersion, opsets, producerName, producerVersion, domain, modelVersion, docString, g.Name, g.Inputs, g.Outputs,
            g.Initializers, g.Nodes, metadata);
    }

    /// <summary>Only ModelProto.metadata_props; every other field (the graph too) is skipped after its length is checked.</summary>
    public static Dictionary<string, string> ParseMetadata(ReadContext context, ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model, 0, "ModelProto");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Model.FieldName))
        {
            if (field == OnnxSchema.Model.MetadataProps)
            {
                long at = reader.Offset;
                reader.Expect(wire, WireType.LengthDelimited);
                context.Take(1, at, "ModelProto.metadata_props");
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long start);
                AddEntry(metadata, bytes, start, context, 1);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return metadata;
    }

    private static (string, List<OnnxValueInfo>, List<OnnxValueInfo>, List<OnnxTensorInfo>, List<OnnxNodeInfo>) ParseGraph(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "GraphProto");
        var reader = new ProtoReader(data, start, "GraphProto");
        string name = "";
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var initializers = new List<OnnxTensorInfo>();
        var nodes = new List<OnnxNodeInfo>();
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Graph.FieldName))
        {
            long at = reader.Offset;
            switch (field)
            {
                case OnnxSchema.Graph.Name:
                    name = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Graph.Node:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "GraphProto.node");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long s);
                    nodes.Add(ParseNode(context, bytes, s, depth + 1));
                    break;
                }

                case OnnxSchema.Graph.Initializer:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "GraphProto.initializer");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long s);
                    initializers.Add(TensorParser.Parse(context, bytes, s, depth + 1));
                    break;
                }

                case OnnxSchema.Graph.Input or OnnxSchema.Graph.Output:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, field == OnnxSchema.Graph.Input ? "GraphProto.input" : "GraphProto.output");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long s);
                    (field == OnnxSchema.Graph.Input ? inputs : outputs).Add(ParseValueInfo(context, bytes, s, depth + 1));
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return (name, inputs, outputs, initializers, nodes);
    }

    private static OnnxNodeInfo ParseNode(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "NodeProto");
        var reader = new ProtoReader(data, start, "NodeProto");
        string opType = "", name = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttributeInfo>();
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Node.FieldName))
        {
            long at = reader.Offset;
            switch (field)
            {
                case OnnxSchema.Node.Input or OnnxSchema.Node.Output:
                    context.Take(1, at, "NodeProto.input/output");
                    (field == OnnxSchema.Node.Input ? inputs : outputs).Add(ReadString(ref reader, wire));
                    break;
                case OnnxSchema.Node.Name:
                    name = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Node.OpType:
                    opType = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Node.Domain:
                    domain = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Node.Attribute:
                {
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "NodeProto.attribute");
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long s);
                    attributes.Add(ParseAttribute(context, bytes, s, depth + 1));
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OnnxNodeInfo(opType, name, domain, inputs, outputs, attributes);
    }

    private static OnnxAttributeInfo ParseAttribute(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "AttributeProto");
        var reader = new ProtoReader(data, start, "AttributeProto");
        string name = "";
        string? text = null;
        long type = 0, integer = 0;
        float single = 0f;
        OnnxTensorInfo? tensor = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        OnnxAttributeType seen = OnnxAttributeType.Undefined;
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Attribute.FieldName))
        {
            long at = reader.Offset;
            switch (field)
            {
                case OnnxSchema.Attribute.Name:
                    name = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.Attribute.Type:
                    reader.Expect(wire, WireType.Varint);
                    type = reader.ReadInt32();
                    break;
                case OnnxSchema.Attribute.F:
                    reader.Expect(wire, WireType.Fixed32);
                    single = reader.ReadFloat();
                    seen = OnnxAttributeType.Float;
                    break;
                case OnnxSchema.Attribute.I:
                    reader.Expect(wire, WireType.Varint);
                    integer = reader.ReadInt64();
                    seen = OnnxAttributeType.Int;
                    break;
                case OnnxSchema.Attribute.S:
                    text = Encoding.UTF8.GetString(reader.ReadLengthDelimited(wire, out _));
                    seen = OnnxAttributeType.String;
                    break;
                case OnnxSchema.Attribute.T:
                {
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                    tensor = TensorParser.Parse(context, bytes, s, depth + 1);
                    seen = OnnxAttributeType.Tensor;
                    break;
                }

                case OnnxSchema.Attribute.Floats:
                    ReadRepeated(context, ref reader, wire, WireType.Fixed32, "AttributeProto.floats", floats, static (ref ProtoReader r) => r.ReadFloat());
                    seen = OnnxAttributeType.Floats;
                    break;
                case OnnxSchema.Attribute.Ints:
                    ReadRepeated(context, ref reader, wire, WireType.Varint, "AttributeProto.ints", ints, static (ref ProtoReader r) => r.ReadInt64());
                    seen = OnnxAttributeType.Ints;
                    break;
                case OnnxSchema.Attribute.Strings:
                    reader.Expect(wire, WireType.LengthDelimited);
                    context.Take(1, at, "AttributeProto.strings");
                    strings.Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited(out _)));
                    seen = OnnxAttributeType.Strings;
                    break;
                default:
                    // g, graphs, tensors, sparse tensors, type protos, doc_string, ref_attr_name: not described.
                    reader.Skip(wire);
                    break;
            }
        }

        if (type < 0 || type > (long)OnnxAttributeType.TypeProtos)
        {
            throw ReadContext.Error(start, $"AttributeProto '{ReadContext.Shorten(name)}'.type", $"{type} is not an attribute type");
        }

        var kind = type == 0 ? seen : (OnnxAttributeType)type;
        return new OnnxAttributeInfo(name, kind, single, integer, text, tensor, floats, ints, strings);
    }

    /// <summary>Adds a repeated field's values to <paramref name="into"/>: one unpacked value or a packed run, each counted against the limits.</summary>
    private static void ReadRepeated<T>(ReadContext context, ref ProtoReader reader, WireType wire, WireType unpacked, string what, List<T> into, ProtoValueReader<T> read)
    {
        if (wire == WireType.LengthDelimited)
        {
            var sub = new ProtoReader(reader.ReadLengthDelimited(out long s), s, what);
            while (!sub.AtEnd)
            {
                context.Take(1, sub.Offset, what);
                into.Add(read(ref sub));
            }
        }
        else
        {
            reader.Expect(wire, unpacked);
            context.Take(1, reader.Offset, what);
            into.Add(read(ref reader));
        }
    }

    private static OnnxValueInfo ParseValueInfo(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "ValueInfoProto");
        var reader = new ProtoReader(data, start, "ValueInfoProto");
        string name = "";
        (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) type = ("unknown", OnnxTensorElementType.Undefined, null);
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.ValueInfo.FieldName))
        {
            switch (field)
            {
                case OnnxSchema.ValueInfo.Name:
                    name = ReadString(ref reader, wire);
                    break;
                case OnnxSchema.ValueInfo.Type:
                {
                    ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                    type = ParseType(context, bytes, s, depth + 1);
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OnnxValueInfo(name, type.Text, type.Element, type.Shape);
    }

    /// <summary>A TypeProto in ONNX's notation; tensors also give their element type and shape. Recursive through sequence, map and optional.</summary>
    private static (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) ParseType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "TypeProto");
        var reader = new ProtoReader(data, start, "TypeProto");
        (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) result = ("unknown", OnnxTensorElementType.Undefined, null);
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Type.FieldName))
        {
            if (field is OnnxSchema.Type.TensorType or OnnxSchema.Type.SparseTensorType)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                (int element, List<OnnxDimension>? shape) = ParseTensorType(context, bytes, s, depth + 1);
                string prefix = field == OnnxSchema.Type.TensorType ? "tensor" : "sparse_tensor";
                result = ($"{prefix}({ElementName(element)})", field == OnnxSchema.Type.TensorType ? (OnnxTensorElementType)element : OnnxTensorElementType.Undefined,
                    field == OnnxSchema.Type.TensorType ? shape : null);
            }
            else if (field is OnnxSchema.Type.SequenceType or OnnxSchema.Type.OptionalType)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                string inner = ParseNestedType(context, bytes, s, depth + 1);
                result = ($"{(field == OnnxSchema.Type.SequenceType ? "seq" : "optional")}({inner})", OnnxTensorElementType.Undefined, null);
            }
            else if (field == OnnxSchema.Type.MapType)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                result = (ParseMapType(context, bytes, s, depth + 1), OnnxTensorElementType.Undefined, null);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return result;
    }

    /// <summary>Sequence or Optional: its elem_type TypeProto.</summary>
    private static string ParseNestedType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "TypeProto.Sequence");
        var reader = new ProtoReader(data, start, "TypeProto.Sequence");
        string inner = "unknown";
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.TypeSequence.FieldName))
        {
            if (field == OnnxSchema.TypeSequence.ElemType)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                inner = ParseType(context, bytes, s, depth + 1).Text;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return inner;
    }

    private static string ParseMapType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "TypeProto.Map");
        var reader = new ProtoReader(data, start, "TypeProto.Map");
        int key = 0;
        string value = "unknown";
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.TypeMap.FieldName))
        {
            if (field == OnnxSchema.TypeMap.KeyType)
            {
                reader.Expect(wire, WireType.Varint);
                key = reader.ReadInt32();
            }
            else if (field == OnnxSchema.TypeMap.ValueType)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                value = ParseType(context, bytes, s, depth + 1).Text;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return $"map({ElementName(key)},{value})";
    }

    private static (int Element, List<OnnxDimension>? Shape) ParseTensorType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "TypeProto.Tensor");
        var reader = new ProtoReader(data, start, "TypeProto.Tensor");
        int element = 0;
        List<OnnxDimension>? shape = null;
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.TypeTensor.FieldName))
        {
            if (field == OnnxSchema.TypeTensor.ElemType)
            {
                reader.Expect(wire, WireType.Varint);
                element = reader.ReadInt32();
            }
            else if (field == OnnxSchema.TypeTensor.Shape)
            {
                ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long s);
                shape = ParseShape(context, bytes, s, depth + 1);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (element, shape);
    }

    private static List<OnnxDimension> ParseShape(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "TensorShapeProto");
        var reader = new ProtoReader(data, start, "TensorShapeProto");
        var dims = new List<OnnxDimension>();
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.Shape.FieldName))
        {
            if (field != OnnxSchema.Shape.Dim)
            {
                reader.Skip(wire);
                continue;
            }

            long at = reader.Offset;
            reader.Expect(wire, WireType.LengthDelimited);
            context.Take(1, at, "TensorShapeProto.dim");
            if (dims.Count >= context.Limits.MaxTensorRank)
            {
                throw ReadContext.Error(at, "TensorShapeProto.dim", $"the shape has more than MaxTensorRank = {context.Limits.MaxTensorRank} dims");
            }

            var dim = new ProtoReader(reader.ReadLengthDelimited(out long s), s, "TensorShapeProto.Dimension");
            context.CheckDepth(depth + 1, s, "TensorShapeProto.Dimension");
            OnnxDimension value = default;
            while (dim.TryReadTag(out int dimField, out WireType dimWire, OnnxSchema.Dimension.FieldName))
            {
                if (dimField == OnnxSchema.Dimension.DimValue)
                {
                    dim.Expect(dimWire, WireType.Varint);
                    value = OnnxDimension.Fixed(dim.ReadInt64());
                }
                else if (dimField == OnnxSchema.Dimension.DimParam)
                {
                    value = OnnxDimension.Symbolic(ReadString(ref dim, dimWire));
                }
                else
                {
                    dim.Skip(dimWire);
                }
            }

            dims.Add(value);
        }

        return dims;
    }

    private static OnnxOpsetImport ParseOpset(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        context.CheckDepth(depth, start, "OperatorSetIdProto");
        var reader = new ProtoReader(data, start, "OperatorSetIdProto");
        string domain = "";
        long version = 0;
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.OperatorSetId.FieldName))
        {
            if (field == OnnxSchema.OperatorSetId.Domain)
            {
                domain = ReadString(ref reader, wire);
            }
            else if (field == OnnxSchema.OperatorSetId.Version)
            {
                reader.Expect(wire, WireType.Varint);
                version = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new OnnxOpsetImport(domain, version);
    }

    private static void AddEntry(Dictionary<string, string> metadata, ReadOnlySpan<byte> data, long start, ReadContext context, int depth)
    {
        context.CheckDepth(depth, start, "StringStringEntryProto");
        var reader = new ProtoReader(data, start, "StringStringEntryProto");
        string key = "", value = "";
        while (reader.TryReadTag(out int field, out WireType wire, OnnxSchema.StringStringEntry.FieldName))
        {
            if (field == OnnxSchema.StringStringEntry.Key)
            {
                key = ReadString(ref reader, wire);
            }
            else if (field == OnnxSchema.StringStringEntry.Value)
            {
                value = ReadString(ref reader, wire);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (!metadata.TryAdd(key, value))
        {
            throw ReadContext.Error(start, "ModelProto.metadata_props", $"the key '{ReadContext.Shorten(key)}' appears twice");
        }
    }

    private static string ReadString(ref ProtoReader reader, WireType wire)
    {
        reader.Expect(wire, WireType.LengthDelimited);
        return reader.ReadString();
    }

    /// <summary>ONNX's name of a tensor element type (<c>float</c>, <c>int64</c>...); an unknown number prints as <c>type#N</c>.</summary>
    private static string ElementName(int element) => element switch
    {
        1 => "float", 2 => "uint8", 3 => "int8", 4 => "uint16", 5 => "int16", 6 => "int32", 7 => "int64", 8 => "string", 9 => "bool",
        10 => "float16", 11 => "double", 12 => "uint32", 13 => "uint64", 14 => "complex64", 15 => "complex128", 16 => "bfloat16",
        17 => "float8e4m3fn", 18 => "float8e4m3fnuz", 19 => "float8e5m2", 20 => "float8e5m2fnuz", 21 => "uint4", 22 => "int4", 23 => "float4e2m1",
        0 => "undefined",
        _ => "type#" + element.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
