namespace MLNetDeep.Onnx.Graph;

using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using global::Onnx;
using MLNetDeep.Neural.Layers;

/// <summary>
/// Turns a network and export options into a ModelProto: one Gemm per Dense layer (batch norm and a
/// regression rescale folded in), one node per other layer, each from the operator its layer describes (LayerSpec.Inference), then the head and the slot-name encoders (docs/onnx.md).
/// </summary>
internal sealed class NetworkGraphBuilder
{
    private readonly OnnxExportOptions _options;
    private readonly GraphProto _graph = new() { Name = OnnxContract.GraphName };
    private string _current;
    private PendingGemm? _pending;

    private NetworkGraphBuilder(OnnxExportOptions options)
    {
        _options = options;
        _current = options.InputName;
    }

    /// <summary>The model for <paramref name="network"/>; the options are validated first.</summary>
    public static ModelProto Build(Network network, OnnxExportOptions options)
    {
        ExportValidation.Validate(network, options);
        var builder = new NetworkGraphBuilder(options);
        return builder.BuildModel(network);
    }

    private ModelProto BuildModel(Network network)
    {
        for (int i = 0; i < network.Layers.Count; i++)
        {
            AddLayer(network.Layers[i], i);
        }

        OnnxDimension batch = OnnxDimension.Symbolic(OnnxContract.BatchDimension);
        int width = network.OutputSize;
        switch (_options.Head)
        {
            case OnnxHead.Multiclass:
                Flush();
                _graph.Node.Add(Node("Softmax", "head.Softmax", [_current], [OnnxContract.ScoreOutput], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
                break;
            case OnnxHead.Regression:
                AddRescale();
                NameFinalOutput(OnnxContract.ScoreOutput);
                break;
            default:
                NameFinalOutput(OnnxContract.ScoreOutput);
                break;
        }

        _graph.Output.Add(Value(OnnxContract.ScoreOutput, OnnxTensorElementType.Float, batch, OnnxDimension.Fixed(width)));
        if (_options.Head == OnnxHead.Binary)
        {
            _graph.Node.Add(Node("Sigmoid", "head.Sigmoid", [OnnxContract.ScoreOutput], [OnnxContract.ProbabilityOutput]));
            _graph.Output.Add(Value(OnnxContract.ProbabilityOutput, OnnxTensorElementType.Float, batch, OnnxDimension.Fixed(1)));
        }

        if (_options.ScoreSlotNames is { } slotNames)
        {
            _graph.Output.Add(AddSlotNames(OnnxContract.ScoreOutput, $"mlnet.{OnnxContract.ScoreOutput}.unusedOutput", slotNames.ToArray()));
        }

        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxContract.GraphContractKey] = OnnxContract.GraphContractVersion,
            [OnnxContract.HeadKey] = _options.Head.ToString().ToLowerInvariant(),
        };
        if (_options.TrainingRecord is { } training)
        {
            metadata[OnnxContract.TrainingRecordKey] = training;
        }

        foreach (KeyValuePair<string, string> entry in _options.MetadataProps ?? new Dictionary<string, string>())
        {
            metadata.Add(entry.Key, entry.Value);
        }

        _graph.Input.Add(Value(_options.InputName, OnnxTensorElementType.Float, batch, OnnxDimension.Fixed(network.InputSize)));
        ExportValidation.CheckNamesAreUnique(_options.InputName, _graph);
        if (_graph.Initializer.Sum(t => (long)t.RawData.Length) is > int.MaxValue - (1 << 20) and long weights)
        {
            // Google.Protobuf sizes messages with int arithmetic; a protobuf message holds at most 2 GiB.
            throw new InvalidOperationException($"The network's weights take {weights} bytes; an ONNX model holds at most 2 GiB.");
        }

        var model = new ModelProto
        {
            IrVersion = OnnxContract.IrVersion,
            ProducerName = _options.ProducerName,
            ProducerVersion = _options.ProducerVersion ?? DefaultProducerVersion(),
            Graph = _graph,
            OpsetImport =
            {
                new OperatorSetIdProto { Domain = "", Version = OnnxContract.OnnxOpsetVersion },
                new OperatorSetIdProto { Domain = OnnxContract.MLDomain, Version = OnnxContract.MLOpsetVersion },
            },
            MetadataProps = { metadata.Select(entry => new StringStringEntryProto { Key = entry.Key, Value = entry.Value }) },
        };
        if (!string.IsNullOrEmpty(_options.DocString))
        {
            model.DocString = _options.DocString;
        }

        return model;
    }

    /// <summary>
    /// Writes layer <paramref name="index"/> from its <see cref="LayerSpec.Inference"/> operator: a Gemm is held back so
    /// that a following BatchNormalization (and a regression rescale) can fold into it, the identity writes nothing, and
    /// any other operator becomes one node whose initializers are the layer's tensors it names.
    /// </summary>
    private void AddLayer(Layer layer, int index)
    {
        LayerSpec spec = layer.Describe();
        LayerOperator op = spec.Inference ?? throw new NotSupportedException(
            $"Layer {index} ({layer.DisplayName}, {spec}) has no inference operator (its Describe() gives none), so it cannot be written to ONNX.");
        switch (op.OpType)
        {
            case "Identity":
                // Inference is the identity: nothing to write.
                break;
            case "Gemm" when PendingGemm.CanHold(op):
                Flush();
                _pending = PendingGemm.From(spec, op, index);
                break;
            case "BatchNormalization" when _options.FoldBatchNorm && _pending is not null && PendingGemm.CanFold(op):
                _pending.FoldBatchNorm(spec, op);
                break;
            default:
                Flush();
                AddNode(spec, op, index);
                break;
        }
    }

    /// <summary>Writes the pending Gemm, if any: <c>y [N,out] = x [N,in] W [in,out] (+ b [out])</c>, default attributes.</summary>
    private void Flush()
    {
        if (_pending is not { } gemm)
        {
            return;
        }

        _pending = null;
        string prefix = LayerPrefix(gemm.LayerIndex);
        string weight = $"{prefix}.{gemm.WeightName}";
        _graph.Initializer.Add(Floats(weight, [gemm.Inputs, gemm.Outputs], gemm.WeightAsSingles()));
        var inputs = new List<string> { _current, weight };
        if (gemm.Bias is not null)
        {
            string bias = $"{prefix}.{gemm.BiasName}";
            _graph.Initializer.Add(Floats(bias, [gemm.Outputs], gemm.BiasAsSingles()));
            inputs.Add(bias);
        }

        _current = prefix + ".output";
        _graph.Node.Add(Node("Gemm", prefix + ".Gemm", inputs.ToArray(), [_current]));
    }

    /// <summary>One node of the layer's operator; its tensor inputs become initializers named <c>layers.{index}.{tensor}</c>.</summary>
    private void AddNode(LayerSpec spec, LayerOperator op, int index)
    {
        string prefix = LayerPrefix(index);
        var inputs = new List<string> { _current };
        foreach (string name in op.Inputs)
        {
            LayerTensor tensor = spec.Tensor(name);
            string initializer = $"{prefix}.{name}";
            _graph.Initializer.Add(Floats(initializer, [.. tensor.Shape.Select(d => (long)d)], tensor.Values));
            inputs.Add(initializer);
        }

        AttributeProto[] attributes =
        [
            .. op.FloatAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AttributeProto { Name = a.Key, Type = AttributeProto.Types.AttributeType.Float, F = a.Value }),
            .. op.IntAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AttributeProto { Name = a.Key, Type = AttributeProto.Types.AttributeType.Int, I = a.Value }),
        ];
        string output = prefix + ".output";
        _graph.Node.Add(Node(op.OpType, $"{prefix}.{op.OpType}", [.. inputs], [output], attributes));
        _current = output;
    }

    /// <summary>Regression: <c>y = raw * scale + offset</c>, folded into the last Gemm when the network ends in one, else Mul and Add nodes.</summary>
    private void AddRescale()
    {
        double scale = _options.TargetScale, offset = _options.TargetOffset;
        if (scale == 1.0 && offset == 0.0)
        {
            return;
        }

        if (_pending is not null)
        {
            _pending.FoldAffine(scale, offset);
            return;
        }

        _graph.Initializer.Add(Floats("head.scale", [1], [_options.TargetScale]));
        _graph.Initializer.Add(Floats("head.offset", [1], [_options.TargetOffset]));
        _graph.Node.Add(Node("Mul", "head.Mul", [_current, "head.scale"], ["head.scaled"]));
        _graph.Node.Add(Node("Add", "head.Add", ["head.scaled", "head.offset"], ["head.output"]));
        _current = "head.output";
    }

    /// <summary>Gives the final tensor the graph output's name: renames the last node's output, or copies the input with an Identity node.</summary>
    private void NameFinalOutput(string name)
    {
        Flush();
        if (_graph.Node.Count > 0 && _graph.Node[^1].Output is [var last] && last == _current)
        {
            _graph.Node[^1].Output[0] = name;
        }
        else
        {
            _graph.Node.Add(Node("Identity", "head.Identity", [_current], [name]));
        }

        _current = name;
    }

    /// <summary>
    /// ML.NET's slot-name carrier (SaveOnnxCommand.AddSlotNames): a LabelEncoder named <c>mlnet.{column}.SlotNames</c>
    /// mapping a string initializer ["one"] <c>[1, 1]</c> through keys_strings = the names, values_int64s = 0..K-1,
    /// to an int64 <c>[1, 1]</c> graph output. OnnxTransformer reads the node's keys_strings as the column's slot names.
    /// </summary>
    private ValueInfoProto AddSlotNames(string column, string output, string[] names)
    {
        string input = $"mlnet.{column}.unusedInput";
        _graph.Initializer.Add(new TensorProto { Name = input, DataType = (int)OnnxTensorElementType.String, Dims = { 1, 1 }, StringData = { ByteString.CopyFromUtf8("one") } });
        NodeProto node = Node("LabelEncoder", OnnxContract.SlotNamesNodeName(column), [input], [output],
            new AttributeProto { Name = "keys_strings", Type = AttributeProto.Types.AttributeType.Strings, Strings = { names.Select(ByteString.CopyFromUtf8) } },
            new AttributeProto { Name = "values_int64s", Type = AttributeProto.Types.AttributeType.Ints, Ints = { Enumerable.Range(0, names.Length).Select(i => (long)i) } });
        node.Domain = OnnxContract.MLDomain;
        _graph.Node.Add(node);
        return Value(output, OnnxTensorElementType.Int64, OnnxDimension.Fixed(1), OnnxDimension.Fixed(1));
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        new() { OpType = opType, Name = name, Input = { inputs }, Output = { outputs }, Attribute = { attributes } };

    /// <summary>A float32 initializer, its values as raw_data (little-endian).</summary>
    private static TensorProto Floats(string name, long[] dims, float[] values)
    {
        byte[] bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return new TensorProto { Name = name, DataType = (int)OnnxTensorElementType.Float, Dims = { dims }, RawData = UnsafeByteOperations.UnsafeWrap(bytes) };
    }

    /// <summary>A graph input or output: a tensor's name, element type and shape.</summary>
    private static ValueInfoProto Value(string name, OnnxTensorElementType type, params OnnxDimension[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(shape.Select(d => d.Value is long size
            ? new TensorShapeProto.Types.Dimension { DimValue = size }
            : new TensorShapeProto.Types.Dimension { DimParam = d.Parameter }));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static string LayerPrefix(int index) => "layers." + index.ToString(CultureInfo.InvariantCulture);

    private static string DefaultProducerVersion()
    {
        string? version = typeof(NetworkGraphBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return typeof(NetworkGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
