namespace MLNetDeep.Onnx.Reading;

using System.Globalization;
using System.Text;
using MLNetDeep.Onnx.Graph;
using MLNetDeep.Onnx.Protobuf;

/// <summary>
/// Reads a ModelProto into an <see cref="OnnxModelInfo"/>. Each message is read by a <see cref="ProtoReader"/> over
/// exactly its bytes; unknown fields are skipped; a known field with the wrong wire type, a length past its message,
/// a list past the item budget, nesting past the depth limit or a tensor whose data does not match its dims is an
/// <see cref="InvalidDataException"/>. Subgraphs (If/Loop bodies), functions and training info are skipped unread.
/// </summary>
/// <remarks>
/// Every message is read the same way (<see cref="ReadContext.ReadMessage"/>): a method per message declares what it
/// collects and hands a switch on the field number to the shared loop, which checks the depth and skips what the
/// switch does not know. Nested messages go through <see cref="Nested"/> or, in a repeated field, <see cref="Counted"/>.
/// </remarks>
internal static class ModelParser
{
    /// <summary>Parses a message from its bytes, which start at <c>start</c> in the model, nested <c>depth</c> deep.</summary>
    private delegate T MessageParser<T>(ReadContext context, ReadOnlySpan<byte> data, long start, int depth);

    /// <summary>The description of the model <paramref name="context"/> holds.</summary>
    public static OnnxModelInfo Parse(ReadContext context)
    {
        long irVersion = 0, modelVersion = 0;
        string producerName = "", producerVersion = "", domain = "", docString = "";
        var opsets = new List<OnnxOpsetImport>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Name, List<OnnxValueInfo> Inputs, List<OnnxValueInfo> Outputs, List<OnnxTensorInfo> Initializers, List<OnnxNodeInfo> Nodes)? graph = null;
        context.ReadMessage(context.Model.Span, 0, 0, "ModelProto", OnnxSchema.Model.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Model.IrVersion:
                    irVersion = reader.ReadInt64(wire);
                    return true;
                case OnnxSchema.Model.ModelVersion:
                    modelVersion = reader.ReadInt64(wire);
                    return true;
                case OnnxSchema.Model.ProducerName:
                    producerName = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Model.ProducerVersion:
                    producerVersion = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Model.Domain:
                    domain = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Model.DocString:
                    docString = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Model.OpsetImport:
                    opsets.Add(Counted(context, ref reader, wire, "ModelProto.opset_import", 0, ParseOpset));
                    return true;
                case OnnxSchema.Model.MetadataProps:
                    AddEntry(metadata, Counted(context, ref reader, wire, "ModelProto.metadata_props", 0, ParseEntry));
                    return true;
                case OnnxSchema.Model.Graph:
                    graph = Nested(context, ref reader, wire, 0, ParseGraph);
                    return true;
                default:
                    return false;
            }
        });

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
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        context.ReadMessage(model, 0, 0, "ModelProto", OnnxSchema.Model.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            if (field != OnnxSchema.Model.MetadataProps)
            {
                return false;
            }

            AddEntry(metadata, Counted(context, ref reader, wire, "ModelProto.metadata_props", 0, ParseEntry));
            return true;
        });

        return metadata;
    }

    /// <summary>A singular message field, parsed one level deeper.</summary>
    private static T Nested<T>(ReadContext context, ref ProtoReader reader, WireType wire, int depth, MessageParser<T> parse)
    {
        ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(wire, out long start);
        return parse(context, bytes, start, depth + 1);
    }

    /// <summary>One message of a repeated field, charged as an item named <paramref name="what"/> (<see cref="ReadContext.TakeLengthDelimited"/>), parsed one level deeper.</summary>
    private static T Counted<T>(ReadContext context, ref ProtoReader reader, WireType wire, string what, int depth, MessageParser<T> parse)
    {
        ReadOnlySpan<byte> bytes = context.TakeLengthDelimited(ref reader, wire, what, out long start);
        return parse(context, bytes, start, depth + 1);
    }

    private static (string, List<OnnxValueInfo>, List<OnnxValueInfo>, List<OnnxTensorInfo>, List<OnnxNodeInfo>) ParseGraph(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string name = "";
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var initializers = new List<OnnxTensorInfo>();
        var nodes = new List<OnnxNodeInfo>();
        context.ReadMessage(data, start, depth, "GraphProto", OnnxSchema.Graph.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Graph.Name:
                    name = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Graph.Node:
                    nodes.Add(Counted(context, ref reader, wire, "GraphProto.node", depth, ParseNode));
                    return true;
                case OnnxSchema.Graph.Initializer:
                    initializers.Add(Counted(context, ref reader, wire, "GraphProto.initializer", depth, TensorParser.Parse));
                    return true;
                case OnnxSchema.Graph.Input:
                    inputs.Add(Counted(context, ref reader, wire, "GraphProto.input", depth, ParseValueInfo));
                    return true;
                case OnnxSchema.Graph.Output:
                    outputs.Add(Counted(context, ref reader, wire, "GraphProto.output", depth, ParseValueInfo));
                    return true;
                default:
                    return false;
            }
        });

        return (name, inputs, outputs, initializers, nodes);
    }

    private static OnnxNodeInfo ParseNode(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string opType = "", name = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttributeInfo>();
        context.ReadMessage(data, start, depth, "NodeProto", OnnxSchema.Node.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Node.Input or OnnxSchema.Node.Output:
                    // Charged before the wire type is checked (unlike TakeLengthDelimited): the order decides which error a doubly bad field gets.
                    context.Take(1, reader.Offset, "NodeProto.input/output");
                    (field == OnnxSchema.Node.Input ? inputs : outputs).Add(reader.ReadString(wire));
                    return true;
                case OnnxSchema.Node.Name:
                    name = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Node.OpType:
                    opType = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Node.Domain:
                    domain = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Node.Attribute:
                    attributes.Add(Counted(context, ref reader, wire, "NodeProto.attribute", depth, ParseAttribute));
                    return true;
                default:
                    return false;
            }
        });

        return new OnnxNodeInfo(opType, name, domain, inputs, outputs, attributes);
    }

    private static OnnxAttributeInfo ParseAttribute(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string name = "";
        string? text = null;
        long type = 0, integer = 0;
        float single = 0f;
        OnnxTensorInfo? tensor = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        OnnxAttributeType seen = OnnxAttributeType.Undefined;
        context.ReadMessage(data, start, depth, "AttributeProto", OnnxSchema.Attribute.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Attribute.Name:
                    name = reader.ReadString(wire);
                    return true;
                case OnnxSchema.Attribute.Type:
                    type = reader.ReadInt32(wire);
                    return true;
                case OnnxSchema.Attribute.F:
                    single = reader.ReadFloat(wire);
                    seen = OnnxAttributeType.Float;
                    return true;
                case OnnxSchema.Attribute.I:
                    integer = reader.ReadInt64(wire);
                    seen = OnnxAttributeType.Int;
                    return true;
                case OnnxSchema.Attribute.S:
                    text = Encoding.UTF8.GetString(reader.ReadLengthDelimited(wire, out _));
                    seen = OnnxAttributeType.String;
                    return true;
                case OnnxSchema.Attribute.T:
                    tensor = Nested(context, ref reader, wire, depth, TensorParser.Parse);
                    seen = OnnxAttributeType.Tensor;
                    return true;
                case OnnxSchema.Attribute.Floats:
                    ReadRepeated(context, ref reader, wire, WireType.Fixed32, "AttributeProto.floats", floats, static (ref ProtoReader r) => r.ReadFloat());
                    seen = OnnxAttributeType.Floats;
                    return true;
                case OnnxSchema.Attribute.Ints:
                    ReadRepeated(context, ref reader, wire, WireType.Varint, "AttributeProto.ints", ints, static (ref ProtoReader r) => r.ReadInt64());
                    seen = OnnxAttributeType.Ints;
                    return true;
                case OnnxSchema.Attribute.Strings:
                    strings.Add(Encoding.UTF8.GetString(context.TakeLengthDelimited(ref reader, wire, "AttributeProto.strings", out _)));
                    seen = OnnxAttributeType.Strings;
                    return true;
                default:
                    // g, graphs, tensors, sparse tensors, type protos, doc_string, ref_attr_name: not described.
                    return false;
            }
        });

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
        string name = "";
        (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) type = ("unknown", OnnxTensorElementType.Undefined, null);
        context.ReadMessage(data, start, depth, "ValueInfoProto", OnnxSchema.ValueInfo.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.ValueInfo.Name:
                    name = reader.ReadString(wire);
                    return true;
                case OnnxSchema.ValueInfo.Type:
                    type = Nested(context, ref reader, wire, depth, ParseType);
                    return true;
                default:
                    return false;
            }
        });

        return new OnnxValueInfo(name, type.Text, type.Element, type.Shape);
    }

    /// <summary>A TypeProto in ONNX's notation; tensors also give their element type and shape. Recursive through sequence, map and optional.</summary>
    private static (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) ParseType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        (string Text, OnnxTensorElementType Element, List<OnnxDimension>? Shape) result = ("unknown", OnnxTensorElementType.Undefined, null);
        context.ReadMessage(data, start, depth, "TypeProto", OnnxSchema.Type.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Type.TensorType or OnnxSchema.Type.SparseTensorType:
                {
                    (int element, List<OnnxDimension>? shape) = Nested(context, ref reader, wire, depth, ParseTensorType);
                    string prefix = field == OnnxSchema.Type.TensorType ? "tensor" : "sparse_tensor";
                    result = ($"{prefix}({ElementName(element)})", field == OnnxSchema.Type.TensorType ? (OnnxTensorElementType)element : OnnxTensorElementType.Undefined,
                        field == OnnxSchema.Type.TensorType ? shape : null);
                    return true;
                }

                case OnnxSchema.Type.SequenceType or OnnxSchema.Type.OptionalType:
                {
                    string inner = Nested(context, ref reader, wire, depth, ParseSequenceType);
                    result = ($"{(field == OnnxSchema.Type.SequenceType ? "seq" : "optional")}({inner})", OnnxTensorElementType.Undefined, null);
                    return true;
                }

                case OnnxSchema.Type.MapType:
                    result = (Nested(context, ref reader, wire, depth, ParseMapType), OnnxTensorElementType.Undefined, null);
                    return true;
                default:
                    return false;
            }
        });

        return result;
    }

    /// <summary>Sequence or Optional: its elem_type TypeProto.</summary>
    private static string ParseSequenceType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string inner = "unknown";
        context.ReadMessage(data, start, depth, "TypeProto.Sequence", OnnxSchema.TypeSequence.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.TypeSequence.ElemType:
                    inner = Nested(context, ref reader, wire, depth, ParseType).Text;
                    return true;
                default:
                    return false;
            }
        });

        return inner;
    }

    private static string ParseMapType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        int key = 0;
        string value = "unknown";
        context.ReadMessage(data, start, depth, "TypeProto.Map", OnnxSchema.TypeMap.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.TypeMap.KeyType:
                    key = reader.ReadInt32(wire);
                    return true;
                case OnnxSchema.TypeMap.ValueType:
                    value = Nested(context, ref reader, wire, depth, ParseType).Text;
                    return true;
                default:
                    return false;
            }
        });

        return $"map({ElementName(key)},{value})";
    }

    private static (int Element, List<OnnxDimension>? Shape) ParseTensorType(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        int element = 0;
        List<OnnxDimension>? shape = null;
        context.ReadMessage(data, start, depth, "TypeProto.Tensor", OnnxSchema.TypeTensor.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.TypeTensor.ElemType:
                    element = reader.ReadInt32(wire);
                    return true;
                case OnnxSchema.TypeTensor.Shape:
                    shape = Nested(context, ref reader, wire, depth, ParseShape);
                    return true;
                default:
                    return false;
            }
        });

        return (element, shape);
    }

    private static List<OnnxDimension> ParseShape(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        var dims = new List<OnnxDimension>();
        context.ReadMessage(data, start, depth, "TensorShapeProto", OnnxSchema.Shape.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            if (field != OnnxSchema.Shape.Dim)
            {
                return false;
            }

            // Not Counted: the rank limit is checked between the item charge and reading the bytes.
            long at = reader.Offset;
            reader.Expect(wire, WireType.LengthDelimited);
            context.Take(1, at, "TensorShapeProto.dim");
            if (dims.Count >= context.Limits.MaxTensorRank)
            {
                throw ReadContext.Error(at, "TensorShapeProto.dim", $"the shape has more than MaxTensorRank = {context.Limits.MaxTensorRank} dims");
            }

            ReadOnlySpan<byte> bytes = reader.ReadLengthDelimited(out long s);
            dims.Add(ParseDimension(context, bytes, s, depth + 1));
            return true;
        });

        return dims;
    }

    private static OnnxDimension ParseDimension(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        OnnxDimension value = default;
        context.ReadMessage(data, start, depth, "TensorShapeProto.Dimension", OnnxSchema.Dimension.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.Dimension.DimValue:
                    value = OnnxDimension.Fixed(reader.ReadInt64(wire));
                    return true;
                case OnnxSchema.Dimension.DimParam:
                    value = OnnxDimension.Symbolic(reader.ReadString(wire));
                    return true;
                default:
                    return false;
            }
        });

        return value;
    }

    private static OnnxOpsetImport ParseOpset(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string domain = "";
        long version = 0;
        context.ReadMessage(data, start, depth, "OperatorSetIdProto", OnnxSchema.OperatorSetId.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.OperatorSetId.Domain:
                    domain = reader.ReadString(wire);
                    return true;
                case OnnxSchema.OperatorSetId.Version:
                    version = reader.ReadInt64(wire);
                    return true;
                default:
                    return false;
            }
        });

        return new OnnxOpsetImport(domain, version);
    }

    /// <summary>A metadata entry, with the offset its duplicate-key error names.</summary>
    private static (string Key, string Value, long Start) ParseEntry(ReadContext context, ReadOnlySpan<byte> data, long start, int depth)
    {
        string key = "", value = "";
        context.ReadMessage(data, start, depth, "StringStringEntryProto", OnnxSchema.StringStringEntry.FieldName, (ref ProtoReader reader, int field, WireType wire) =>
        {
            switch (field)
            {
                case OnnxSchema.StringStringEntry.Key:
                    key = reader.ReadString(wire);
                    return true;
                case OnnxSchema.StringStringEntry.Value:
                    value = reader.ReadString(wire);
                    return true;
                default:
                    return false;
            }
        });

        return (key, value, start);
    }

    private static void AddEntry(Dictionary<string, string> metadata, (string Key, string Value, long Start) entry)
    {
        if (!metadata.TryAdd(entry.Key, entry.Value))
        {
            throw ReadContext.Error(entry.Start, "ModelProto.metadata_props", $"the key '{ReadContext.Shorten(entry.Key)}' appears twice");
        }
    }

    /// <summary>ONNX's name of a tensor element type (<c>float</c>, <c>int64</c>...): the enum member's name in lower case; an unknown number prints as <c>type#N</c>.</summary>
    private static string ElementName(int element) => Enum.IsDefined((OnnxTensorElementType)element)
        ? ((OnnxTensorElementType)element).ToString().ToLowerInvariant()
        : "type#" + element.ToString(CultureInfo.InvariantCulture);
}
