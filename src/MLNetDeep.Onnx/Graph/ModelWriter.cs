namespace MLNetDeep.Onnx.Graph;

using MLNetDeep.Onnx.Protobuf;

/// <summary>
/// Serializes a <see cref="ModelSpec"/> as an ONNX ModelProto. Fields go in ascending field-number order, each message
/// once, so the same spec always gives the same bytes.
/// </summary>
internal static class ModelWriter
{
    /// <summary>The ModelProto bytes.</summary>
    public static byte[] Write(ModelSpec model)
    {
        var w = new ProtoWriter();
        w.WriteInt64(OnnxSchema.Model.IrVersion, model.IrVersion);
        w.WriteString(OnnxSchema.Model.ProducerName, model.ProducerName);
        w.WriteString(OnnxSchema.Model.ProducerVersion, model.ProducerVersion);
        if (!string.IsNullOrEmpty(model.DocString))
        {
            w.WriteString(OnnxSchema.Model.DocString, model.DocString);
        }

        w.WriteMessage(OnnxSchema.Model.Graph, g => WriteGraph(g, model));
        w.WriteMessages(OnnxSchema.Model.OpsetImport, model.Opsets, static (o, opset) =>
        {
            o.WriteString(OnnxSchema.OperatorSetId.Domain, opset.Domain);
            o.WriteInt64(OnnxSchema.OperatorSetId.Version, opset.Version);
        });
        w.WriteMessages(OnnxSchema.Model.MetadataProps, model.MetadataProps, static (e, entry) =>
        {
            e.WriteString(OnnxSchema.StringStringEntry.Key, entry.Key);
            e.WriteString(OnnxSchema.StringStringEntry.Value, entry.Value);
        });
        return w.ToArray();
    }

    private static void WriteGraph(ProtoWriter w, ModelSpec model)
    {
        w.WriteMessages(OnnxSchema.Graph.Node, model.Nodes, WriteNode);
        w.WriteString(OnnxSchema.Graph.Name, model.GraphName);
        w.WriteMessages(OnnxSchema.Graph.Initializer, model.Initializers, WriteTensor);
        w.WriteMessages(OnnxSchema.Graph.Input, model.Inputs, WriteValueInfo);
        w.WriteMessages(OnnxSchema.Graph.Output, model.Outputs, WriteValueInfo);
    }

    private static void WriteNode(ProtoWriter w, NodeSpec node)
    {
        w.WriteStrings(OnnxSchema.Node.Input, node.Inputs);
        w.WriteStrings(OnnxSchema.Node.Output, node.Outputs);
        w.WriteString(OnnxSchema.Node.Name, node.Name);
        w.WriteString(OnnxSchema.Node.OpType, node.OpType);
        w.WriteMessages(OnnxSchema.Node.Attribute, node.Attributes, WriteAttribute);
        if (node.Domain.Length > 0)
        {
            w.WriteString(OnnxSchema.Node.Domain, node.Domain);
        }
    }

    private static void WriteAttribute(ProtoWriter w, AttributeSpec attribute)
    {
        w.WriteString(OnnxSchema.Attribute.Name, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                w.WriteFloat(OnnxSchema.Attribute.F, attribute.Float);
                break;
            case OnnxAttributeType.Int:
                w.WriteInt64(OnnxSchema.Attribute.I, attribute.Int);
                break;
            case OnnxAttributeType.Ints:
                // AttributeProto.ints is a proto2 repeated field without [packed = true]: one key per value.
                w.WriteInt64s(OnnxSchema.Attribute.Ints, attribute.Ints!);
                break;
            case OnnxAttributeType.Strings:
                w.WriteStrings(OnnxSchema.Attribute.Strings, attribute.Strings!);
                break;
            default:
                throw new InvalidOperationException($"The writer does not write {attribute.Type} attributes.");
        }

        w.WriteInt64(OnnxSchema.Attribute.Type, (long)attribute.Type);
    }

    private static void WriteTensor(ProtoWriter w, TensorSpec tensor)
    {
        w.WriteInt64s(OnnxSchema.Tensor.Dims, tensor.Dims);
        w.WriteInt64(OnnxSchema.Tensor.DataType, (long)tensor.ElementType);
        w.WriteStrings(OnnxSchema.Tensor.StringData, tensor.Strings ?? []);
        w.WriteString(OnnxSchema.Tensor.Name, tensor.Name);
        if (tensor.Floats is not null)
        {
            w.WriteFloatsAsBytes(OnnxSchema.Tensor.RawData, tensor.Floats);
        }
    }

    private static void WriteValueInfo(ProtoWriter w, ValueInfoSpec value)
    {
        w.WriteString(OnnxSchema.ValueInfo.Name, value.Name);
        w.WriteMessage(OnnxSchema.ValueInfo.Type, type => type.WriteMessage(OnnxSchema.Type.TensorType, tensor =>
        {
            tensor.WriteInt64(OnnxSchema.TypeTensor.ElemType, (long)value.ElementType);
            tensor.WriteMessage(OnnxSchema.TypeTensor.Shape, shape => shape.WriteMessages(OnnxSchema.Shape.Dim, value.Shape, static (d, dim) =>
            {
                if (dim.Value is long size)
                {
                    d.WriteInt64(OnnxSchema.Dimension.DimValue, size);
                }
                else if (dim.Parameter is string name)
                {
                    d.WriteString(OnnxSchema.Dimension.DimParam, name);
                }
            }));
        }));
    }
}
