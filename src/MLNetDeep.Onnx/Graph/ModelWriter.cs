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
        foreach ((string domain, long version) in model.Opsets)
        {
            w.WriteMessage(OnnxSchema.Model.OpsetImport, o =>
            {
                o.WriteString(OnnxSchema.OperatorSetId.Domain, domain);
                o.WriteInt64(OnnxSchema.OperatorSetId.Version, version);
            });
        }

        foreach (KeyValuePair<string, string> entry in model.MetadataProps)
        {
            w.WriteMessage(OnnxSchema.Model.MetadataProps, e =>
            {
                e.WriteString(OnnxSchema.StringStringEntry.Key, entry.Key);
                e.WriteString(OnnxSchema.StringStringEntry.Value, entry.Value);
            });
        }

        return w.ToArray();
    }

    private static void WriteGraph(ProtoWriter w, ModelSpec model)
    {
        foreach (NodeSpec node in model.Nodes)
        {
            w.WriteMessage(OnnxSchema.Graph.Node, n => WriteNode(n, node));
        }

        w.WriteString(OnnxSchema.Graph.Name, model.GraphName);
        foreach (TensorSpec tensor in model.Initializers)
        {
            w.WriteMessage(OnnxSchema.Graph.Initializer, t => WriteTensor(t, tensor));
        }

        foreach (ValueInfoSpec input in model.Inputs)
        {
            w.WriteMessage(OnnxSchema.Graph.Input, v => WriteValueInfo(v, input));
        }

        foreach (ValueInfoSpec output in model.Outputs)
        {
            w.WriteMessage(OnnxSchema.Graph.Output, v => WriteValueInfo(v, output));
        }
    }

    private static void WriteNode(ProtoWriter w, NodeSpec node)
    {
        foreach (string input in node.Inputs)
        {
            w.WriteString(OnnxSchema.Node.Input, input);
        }

        foreach (string output in node.Outputs)
        {
            w.WriteString(OnnxSchema.Node.Output, output);
        }

        w.WriteString(OnnxSchema.Node.Name, node.Name);
        w.WriteString(OnnxSchema.Node.OpType, node.OpType);
        foreach (AttributeSpec attribute in node.Attributes)
        {
            w.WriteMessage(OnnxSchema.Node.Attribute, a => WriteAttribute(a, attribute));
        }

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
                foreach (long value in attribute.Ints!)
                {
                    w.WriteInt64(OnnxSchema.Attribute.Ints, value);
                }

                break;
            case OnnxAttributeType.Strings:
                foreach (string value in attribute.Strings!)
                {
                    w.WriteString(OnnxSchema.Attribute.Strings, value);
                }

                break;
            default:
                throw new InvalidOperationException($"The writer does not write {attribute.Type} attributes.");
        }

        w.WriteInt64(OnnxSchema.Attribute.Type, (long)attribute.Type);
    }

    private static void WriteTensor(ProtoWriter w, TensorSpec tensor)
    {
        foreach (long dim in tensor.Dims)
        {
            w.WriteInt64(OnnxSchema.Tensor.Dims, dim);
        }

        w.WriteInt64(OnnxSchema.Tensor.DataType, (long)tensor.ElementType);
        if (tensor.Strings is not null)
        {
            foreach (string value in tensor.Strings)
            {
                w.WriteString(OnnxSchema.Tensor.StringData, value);
            }
        }

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
            tensor.WriteMessage(OnnxSchema.TypeTensor.Shape, shape =>
            {
                foreach (OnnxDimension dim in value.Shape)
                {
                    shape.WriteMessage(OnnxSchema.Shape.Dim, d =>
                    {
                        if (dim.Value is long size)
                        {
                            d.WriteInt64(OnnxSchema.Dimension.DimValue, size);
                        }
                        else if (dim.Parameter is string name)
                        {
                            d.WriteString(OnnxSchema.Dimension.DimParam, name);
                        }
                    });
                }
            });
        }));
    }
}
