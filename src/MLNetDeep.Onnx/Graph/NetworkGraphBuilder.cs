namespace MLNetDeep.Onnx.Graph;

using System.Globalization;
using System.Reflection;
using MLNetDeep.Neural.Layers;

/// <summary>
/// Turns a network and export options into a <see cref="ModelSpec"/>: one Gemm per Dense layer (batch norm and a
/// regression rescale folded in), one node per other layer, each from the operator its layer describes (LayerSpec.Inference), then the head and the slot-name encoders (docs/onnx.md).
/// </summary>
internal sealed class NetworkGraphBuilder
{
    private readonly OnnxExportOptions _options;
    private readonly List<NodeSpec> _nodes = [];
    private readonly List<TensorSpec> _initializers = [];
    private string _current;
    private PendingGemm? _pending;

    private NetworkGraphBuilder(OnnxExportOptions options)
    {
        _options = options;
        _current = options.InputName;
    }

    /// <summary>The model for <paramref name="network"/>; the options are validated first.</summary>
    public static ModelSpec Build(Network network, OnnxExportOptions options)
    {
        ExportValidation.Validate(network, options);
        var builder = new NetworkGraphBuilder(options);
        return builder.BuildModel(network);
    }

    private ModelSpec BuildModel(Network network)
    {
        for (int i = 0; i < network.Layers.Count; i++)
        {
            AddLayer(network.Layers[i], i);
        }

        var outputs = new List<ValueInfoSpec>();
        OnnxDimension batch = OnnxDimension.Symbolic(OnnxContract.BatchDimension);
        int width = network.OutputSize;
        switch (_options.Head)
        {
            case OnnxHead.Multiclass:
                Flush();
                _nodes.Add(Node("Softmax", "head.Softmax", [_current], [OnnxContract.ScoreOutput], AttributeSpec.OfInt("axis", 1)));
                break;
            case OnnxHead.Regression:
                AddRescale();
                NameFinalOutput(OnnxContract.ScoreOutput);
                break;
            default:
                NameFinalOutput(OnnxContract.ScoreOutput);
                break;
        }

        outputs.Add(new ValueInfoSpec(OnnxContract.ScoreOutput, OnnxTensorElementType.Float, [batch, OnnxDimension.Fixed(width)]));
        if (_options.Head == OnnxHead.Binary)
        {
            _nodes.Add(Node("Sigmoid", "head.Sigmoid", [OnnxContract.ScoreOutput], [OnnxContract.ProbabilityOutput]));
            outputs.Add(new ValueInfoSpec(OnnxContract.ProbabilityOutput, OnnxTensorElementType.Float, [batch, OnnxDimension.Fixed(1)]));
        }

        if (_options.ScoreSlotNames is { } slotNames)
        {
            outputs.Add(AddSlotNames(OnnxContract.ScoreOutput, $"mlnet.{OnnxContract.ScoreOutput}.unusedOutput", slotNames.ToArray()));
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

        var inputs = new List<ValueInfoSpec>
        {
            new(_options.InputName, OnnxTensorElementType.Float, [batch, OnnxDimension.Fixed(network.InputSize)]),
        };
        ExportValidation.CheckNamesAreUnique(_options.InputName, _initializers, _nodes);
        return new ModelSpec
        {
            IrVersion = OnnxContract.IrVersion,
            Opsets = [("", OnnxContract.OnnxOpsetVersion), (OnnxContract.MLDomain, OnnxContract.MLOpsetVersion)],
            ProducerName = _options.ProducerName,
            ProducerVersion = _options.ProducerVersion ?? DefaultProducerVersion(),
            DocString = _options.DocString,
            GraphName = OnnxContract.GraphName,
            Nodes = _nodes,
            Initializers = _initializers,
            Inputs = inputs,
            Outputs = outputs,
            MetadataProps = metadata.ToList(),
        };
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
        _initializers.Add(TensorSpec.FromFloats(weight, [gemm.Inputs, gemm.Outputs], gemm.WeightAsSingles()));
        var inputs = new List<string> { _current, weight };
        if (gemm.Bias is not null)
        {
            string bias = $"{prefix}.{gemm.BiasName}";
            _initializers.Add(TensorSpec.FromFloats(bias, [gemm.Outputs], gemm.BiasAsSingles()));
            inputs.Add(bias);
        }

        _current = prefix + ".output";
        _nodes.Add(Node("Gemm", prefix + ".Gemm", inputs.ToArray(), [_current]));
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
            _initializers.Add(TensorSpec.FromFloats(initializer, [.. tensor.Shape.Select(d => (long)d)], (float[])tensor.Values.Clone()));
            inputs.Add(initializer);
        }

        AttributeSpec[] attributes =
        [
            .. op.FloatAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => AttributeSpec.OfFloat(a.Key, a.Value)),
            .. op.IntAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => AttributeSpec.OfInt(a.Key, a.Value)),
        ];
        string output = prefix + ".output";
        _nodes.Add(Node(op.OpType, $"{prefix}.{op.OpType}", [.. inputs], [output], attributes));
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

        _initializers.Add(TensorSpec.FromFloats("head.scale", [1], [_options.TargetScale]));
        _initializers.Add(TensorSpec.FromFloats("head.offset", [1], [_options.TargetOffset]));
        _nodes.Add(Node("Mul", "head.Mul", [_current, "head.scale"], ["head.scaled"]));
        _nodes.Add(Node("Add", "head.Add", ["head.scaled", "head.offset"], ["head.output"]));
        _current = "head.output";
    }

    /// <summary>Gives the final tensor the graph output's name: renames the last node's output, or copies the input with an Identity node.</summary>
    private void NameFinalOutput(string name)
    {
        Flush();
        if (_nodes.Count > 0 && _nodes[^1].Outputs is [var last] && last == _current)
        {
            _nodes[^1].Outputs[0] = name;
        }
        else
        {
            _nodes.Add(Node("Identity", "head.Identity", [_current], [name]));
        }

        _current = name;
    }

    /// <summary>
    /// ML.NET's slot-name carrier (SaveOnnxCommand.AddSlotNames): a LabelEncoder named <c>mlnet.{column}.SlotNames</c>
    /// mapping a string initializer ["one"] <c>[1, 1]</c> through keys_strings = the names, values_int64s = 0..K-1,
    /// to an int64 <c>[1, 1]</c> graph output. OnnxTransformer reads the node's keys_strings as the column's slot names.
    /// </summary>
    private ValueInfoSpec AddSlotNames(string column, string output, string[] names)
    {
        string node = OnnxContract.SlotNamesNodeName(column);
        string input = $"mlnet.{column}.unusedInput";
        _initializers.Add(TensorSpec.FromStrings(input, [1, 1], ["one"]));
        long[] values = new long[names.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        _nodes.Add(new NodeSpec("LabelEncoder", node, OnnxContract.MLDomain, [input], [output],
            [AttributeSpec.OfStrings("keys_strings", names), AttributeSpec.OfInts("values_int64s", values)]));
        return new ValueInfoSpec(output, OnnxTensorElementType.Int64, [OnnxDimension.Fixed(1), OnnxDimension.Fixed(1)]);
    }

    private static NodeSpec Node(string opType, string name, string[] inputs, string[] outputs, params AttributeSpec[] attributes) =>
        new(opType, name, "", inputs, outputs, attributes);

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
