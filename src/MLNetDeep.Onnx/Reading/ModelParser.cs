namespace MLNetDeep.Onnx.Reading;

using System.Globalization;
using Google.Protobuf;
using global::Onnx;

/// <summary>
/// Reads a ModelProto into an <see cref="OnnxModelInfo"/>: <see cref="WireScan"/> checks the bytes and the limits, then
/// Google.Protobuf parses them into the classes generated from onnx.proto (unknown fields discarded), which are then
/// described; a tensor whose data does not match its dims, an unknown attribute type or a repeated metadata key is an
/// <see cref="InvalidDataException"/> naming the offset of the message at fault (found again in the bytes only then).
/// Subgraphs (If/Loop bodies), functions and training info are parsed (and charged) but not described.
/// </summary>
internal static class ModelParser
{
    private static readonly MessageParser<ModelProto> Models = ModelProto.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<StringStringEntryProto> Entries = StringStringEntryProto.Parser.WithDiscardUnknownFields(true);

    /// <summary>The whole model, and the paths to its initializers, nodes and metadata entries and to a node's attributes and an attribute's tensor, for <see cref="At"/>.</summary>
    private static readonly Func<Range> Whole = () => Range.All;
    private static readonly int[] Initializers = [ModelProto.GraphFieldNumber, GraphProto.InitializerFieldNumber], Nodes = [ModelProto.GraphFieldNumber, GraphProto.NodeFieldNumber],
        MetadataEntries = [ModelProto.MetadataPropsFieldNumber], Attributes = [NodeProto.AttributeFieldNumber], AttributeTensor = [AttributeProto.TFieldNumber];

    /// <summary>The description of the model <paramref name="bytes"/> holds.</summary>
    public static OnnxModelInfo Parse(byte[] bytes, OnnxReaderLimits limits)
    {
        new WireScan(limits).Scan(ModelProto.Descriptor, bytes, 0, 0);
        ModelProto model;
        try
        {
            // Google.Protobuf refuses nesting past its recursion limit, 100 unless a stream (slower: it copies bytes
            // fields twice) is given another; the scan has bounded the nesting already.
            model = limits.MaxNestingDepth <= 100 ? Models.ParseFrom(bytes)
                : Models.ParseFrom(CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), int.MaxValue, limits.MaxNestingDepth));
        }
        catch (InvalidProtocolBufferException e)
        {
            // Not expected after the scan: kept so that no other exception type escapes for any input.
            throw WireScan.Invalid(0, "ModelProto", e.Message);
        }

        GraphProto graph = model.Graph ?? throw WireScan.Invalid(0, "ModelProto.graph", "the model has no graph");
        var initializers = new OnnxTensorInfo[graph.Initializer.Count];
        for (int i = 0; i < initializers.Length; i++)
        {
            initializers[i] = TensorParser.Describe(graph.Initializer[i], limits, At(bytes, Whole, i, Initializers));
        }

        var nodes = new OnnxNodeInfo[graph.Node.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            NodeProto node = graph.Node[i];
            var attributes = new OnnxAttributeInfo[node.Attribute.Count];
            for (int j = 0; j < attributes.Length; j++)
            {
                attributes[j] = Attribute(node.Attribute[j], limits, bytes, i, j);
            }

            nodes[i] = new OnnxNodeInfo(node.OpType, node.Name, node.Domain, node.Input, node.Output, attributes);
        }

        return new OnnxModelInfo(model.IrVersion, [.. model.OpsetImport.Select(o => new OnnxOpsetImport(o.Domain, o.Version))], model.ProducerName,
            model.ProducerVersion, model.Domain, model.ModelVersion, model.DocString, graph.Name, [.. graph.Input.Select(Value)], [.. graph.Output.Select(Value)],
            initializers, nodes, Metadata(model.MetadataProps, i => At(bytes, Whole, i, MetadataEntries)()));
    }

    /// <summary>Only ModelProto.metadata_props; every other field (the graph too) is skipped after its length is checked.</summary>
    public static Dictionary<string, string> ParseMetadata(ReadOnlySpan<byte> bytes, OnnxReaderLimits limits)
    {
        new WireScan(limits).Scan(ModelProto.Descriptor, bytes, 0, 0, only: ModelProto.MetadataPropsFieldNumber);
        List<Range> ranges = WireScan.Values(bytes, Range.All, MetadataEntries);
        var entries = new List<StringStringEntryProto>(ranges.Count);
        foreach (Range range in ranges)
        {
            entries.Add(Entries.ParseFrom(bytes[range]));
        }

        return Metadata(entries, i => ranges[i]);
    }

    /// <summary>A name for an error message: at most 64 characters, then an ellipsis.</summary>
    public static string Shorten(string name) => name.Length <= 64 ? name : string.Concat(name.AsSpan(0, 64), "...");

    private static Dictionary<string, string> Metadata(IList<StringStringEntryProto> entries, Func<int, Range> where)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            if (!metadata.TryAdd(entries[i].Key, entries[i].Value))
            {
                throw WireScan.Invalid(where(i).Start.Value, "ModelProto.metadata_props", $"the key '{Shorten(entries[i].Key)}' appears twice");
            }
        }

        return metadata;
    }

    /// <summary>
    /// Where the <paramref name="index"/>-th value of <paramref name="path"/> (<see cref="WireScan.Values"/>) lies in
    /// the part of <paramref name="model"/> that <paramref name="within"/> finds; looked for only for an error message.
    /// </summary>
    private static Func<Range> At(byte[] model, Func<Range> within, int index, int[] path) => () => WireScan.Values(model, within(), path)[index];

    /// <summary>Attribute <paramref name="index"/> of node <paramref name="node"/>: its type from its type field or, when that is 0 or absent, from the value present.</summary>
    private static OnnxAttributeInfo Attribute(AttributeProto a, OnnxReaderLimits limits, byte[] model, int node, int index)
    {
        var type = (OnnxAttributeType)(int)a.Type;
        if ((int)type is < 0 or > (int)OnnxAttributeType.TypeProtos)
        {
            throw WireScan.Invalid(Where(model, node, index)().Start.Value, $"AttributeProto '{Shorten(a.Name)}'.type", $"{(int)type} is not an attribute type");
        }

        if (type == OnnxAttributeType.Undefined)
        {
            type = a.Strings.Count > 0 ? OnnxAttributeType.Strings : a.Ints.Count > 0 ? OnnxAttributeType.Ints : a.Floats.Count > 0 ? OnnxAttributeType.Floats
                : a.T is not null ? OnnxAttributeType.Tensor : a.HasS ? OnnxAttributeType.String : a.HasI ? OnnxAttributeType.Int
                : a.HasF ? OnnxAttributeType.Float : OnnxAttributeType.Undefined;
        }

        OnnxTensorInfo? tensor = a.T is null ? null : TensorParser.Describe(a.T, limits, At(model, Where(model, node, index), 0, AttributeTensor));
        return new OnnxAttributeInfo(a.Name, type, a.F, a.I, a.HasS ? a.S.ToStringUtf8() : null, tensor, a.Floats, a.Ints, a.Strings.Count == 0 ? [] : [.. a.Strings.Select(s => s.ToStringUtf8())]);
    }

    /// <summary>Where attribute <paramref name="index"/> of node <paramref name="node"/> lies.</summary>
    private static Func<Range> Where(byte[] model, int node, int index) =>
        At(model, At(model, Whole, node, Nodes), index, Attributes);

    private static OnnxValueInfo Value(ValueInfoProto value)
    {
        TypeProto.Types.Tensor? tensor = value.Type?.TensorType;
        return new OnnxValueInfo(value.Name, TypeText(value.Type), (OnnxTensorElementType)(tensor?.ElemType ?? 0),
            tensor?.Shape is { } shape ? [.. shape.Dim.Select(Dimension)] : null);
    }

    private static OnnxDimension Dimension(TensorShapeProto.Types.Dimension dim) => dim.ValueCase switch
    {
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => OnnxDimension.Fixed(dim.DimValue),
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => OnnxDimension.Symbolic(dim.DimParam),
        _ => default,
    };

    /// <summary>A TypeProto in ONNX's notation (<c>tensor(float)</c>, <c>seq(map(int64,tensor(float)))</c>...); <c>unknown</c> when absent.</summary>
    private static string TypeText(TypeProto? type) => type is null ? "unknown" : type.ValueCase switch
    {
        TypeProto.ValueOneofCase.TensorType => $"tensor({ElementName(type.TensorType.ElemType)})",
        TypeProto.ValueOneofCase.SparseTensorType => $"sparse_tensor({ElementName(type.SparseTensorType.ElemType)})",
        TypeProto.ValueOneofCase.SequenceType => $"seq({TypeText(type.SequenceType.ElemType)})",
        TypeProto.ValueOneofCase.OptionalType => $"optional({TypeText(type.OptionalType.ElemType)})",
        TypeProto.ValueOneofCase.MapType => $"map({ElementName(type.MapType.KeyType)},{TypeText(type.MapType.ValueType)})",
        _ => "unknown",
    };

    /// <summary>ONNX's name of a tensor element type (<c>float</c>, <c>int64</c>...): the enum member's name in lower case; an unknown number prints as <c>type#N</c>.</summary>
    private static string ElementName(int element) => Enum.IsDefined((OnnxTensorElementType)element)
        ? ((OnnxTensorElementType)element).ToString().ToLowerInvariant()
        : "type#" + element.ToString(CultureInfo.InvariantCulture);
}
