namespace MLNetDeep.Trainers;

using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Onnx;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// The network of a fitted model as the starting point of further training (<c>Fit(trainData, initialModel)</c>): the
/// checks that the model and the trainer agree, and the weights read back from the model's ONNX graph. The graph's
/// Gemms hold the Dense layers with batch norm and a regression label scale folded in (PendingGemm); the fold is undone
/// here with the batch-norm layers' own parameters, which the fitted model records in its metadata
/// (<see cref="BatchNormKey"/>, written by <see cref="Metadata"/>). Each weight is unfolded to a float that folds back
/// to the graph's exact bits, so the restored network scores as the model does.
/// </summary>
internal sealed class InitialNetwork
{
    /// <summary>The ONNX metadata entry with the batch-norm layers' tensors: a JSON array, one object per layer, tensor name to base64 float32 (little-endian).</summary>
    public const string BatchNormKey = "mlnetdeep.batch_norm";

    private readonly OnnxModelInfo _graph;

    private InitialNetwork(FeedForwardModelInfo info, OnnxModelInfo graph)
    {
        Info = info;
        _graph = graph;
    }

    /// <summary>The initial model's training record.</summary>
    public FeedForwardModelInfo Info { get; }

    /// <summary>The metadata entries that let <see cref="Restore"/> undo the batch-norm fold of <paramref name="network"/>'s export; empty without batch norm.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(Network network)
    {
        var layers = new JsonArray();
        foreach (LayerSpec spec in network.Describe().Where(IsBatchNorm))
        {
            var tensors = new JsonObject();
            foreach (LayerTensor t in spec.Tensors)
            {
                tensors[t.Name] = Convert.ToBase64String(MemoryMarshal.AsBytes(t.Values.AsSpan()));
            }

            layers.Add(tensors);
        }

        return layers.Count == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [BatchNormKey] = layers.ToJsonString() };
    }

    /// <summary>
    /// Checks <paramref name="model"/> against the trainer before any data is read: the task, the architecture options
    /// (<see cref="FeedForwardKnobs.Architecture"/>) and, for a model with batch norm, that it recorded its batch-norm layers.
    /// </summary>
    /// <exception cref="ArgumentException">They differ; the message names what differs and both values.</exception>
    public static InitialNetwork Open(FeedForwardPredictionTransformer model, FeedForwardTask task, FeedForwardTrainerOptions options, string trainer)
    {
        FeedForwardModelInfo info = model.Model;
        if (info.Task != task)
        {
            throw Refuse(trainer, $"the initial model is a {info.Task} model; this trainer trains {task}");
        }

        foreach (FeedForwardKnob knob in FeedForwardKnobs.Architecture)
        {
            string mine = knob.Format(options);
            if (info.Options.TryGetValue(knob.Name, out string? theirs) && mine != theirs && Decides(knob.Name, info))
            {
                throw new ArgumentException($"{trainer}: {knob.Name} is {Show(mine)}, but the initial model was trained with {knob.Name} = {Show(theirs)}; "
                    + "the initial model decides the network's architecture (set the same value, or train a new model).", knob.Name);
            }
        }

        OnnxModelInfo graph = OnnxModelReader.Read(model.Onnx);
        if (info.Layers.Contains("BatchNorm") && !graph.MetadataProps.ContainsKey(BatchNormKey))
        {
            throw Refuse(trainer, $"the initial model has batch normalization but was written by MLNetDeep {info.LibraryVersion}, which folded the batch-norm "
                + "layers into the Gemm weights without recording their scale, shift and running statistics, so its network cannot be restored; "
                + "train it again with this version (or without batch normalization) to be able to continue it");
        }

        return new InitialNetwork(info, graph);
    }

    /// <summary>Checks the training data's shape against the model: the feature count and, for multiclass, the classes in key order.</summary>
    public void CheckData(int featureCount, IReadOnlyList<string> classNames, string featureColumn, string labelColumn, string trainer)
    {
        if (featureCount != Info.FeatureCount)
        {
            throw Refuse(trainer, $"the feature column '{featureColumn}' has {featureCount} features; the initial model reads {Info.FeatureCount}");
        }

        if (!classNames.SequenceEqual(Info.ClassNames))
        {
            throw Refuse(trainer, $"the label column '{labelColumn}' has the classes [{string.Join(", ", classNames)}] (in key order); the initial model's are "
                + $"[{string.Join(", ", Info.ClassNames)}]. Map the label with the same keys (the fitted model's MapValueToKey)");
        }
    }

    /// <summary>
    /// Sets <paramref name="network"/> (built from the trainer's architecture) to the model's weights: each Dense layer
    /// from the next Gemm of the graph, each batch-norm layer from the metadata, the batch-norm and regression-scale folds
    /// undone.
    /// </summary>
    /// <param name="network">The network to set.</param>
    /// <param name="targetScale">The regression label scale folded into the last Gemm (1 for none), as the export wrote it.</param>
    /// <param name="targetOffset">The regression label offset folded into the last Gemm (0 for none).</param>
    /// <exception cref="InvalidDataException">The graph does not hold this network; the message names the layer.</exception>
    public void Restore(Network network, float targetScale, float targetOffset)
    {
        Dictionary<string, OnnxTensorInfo> initializers = _graph.Initializers.ToDictionary(t => t.Name);
        OnnxNodeInfo[] gemms = _graph.Nodes.Where(n => n.OpType == "Gemm").ToArray();
        JsonArray batchNorms = ReadBatchNorms();
        int gemm = 0, batchNorm = 0;
        IReadOnlyList<LayerSpec> specs = network.Describe();
        for (int i = 0; i < specs.Count; i++)
        {
            LayerSpec spec = specs[i];
            if (spec.Inference?.OpType != "Gemm")
            {
                continue;
            }

            if (gemm >= gemms.Length)
            {
                throw new InvalidDataException($"the initial model's graph has {gemms.Length} Gemm nodes; the network has more Dense layers (layer {i}, {network.Layers[i].DisplayName}).");
            }

            OnnxNodeInfo node = gemms[gemm++];
            float[] weight = Values(initializers, node, 1, spec.Tensor(spec.Inference.Inputs[0]), i);
            float[]? bias = node.Inputs.Count > 2 ? initializers[node.Inputs[2]].ToSingleArray() : null;
            // The export folds a batch norm that follows the Dense layer, layers whose inference is the identity between them.
            LayerSpec? next = specs.Skip(i + 1).FirstOrDefault(s => s.Inference?.OpType != "Identity");
            if (next is not null && IsBatchNorm(next))
            {
                JsonObject saved = batchNorm < batchNorms.Count && batchNorms[batchNorm++] is JsonObject o ? o : throw new InvalidDataException(
                    $"the initial model's {BatchNormKey} has no object for batch-norm layer {batchNorm} (after layer {i}); it holds {batchNorms.Count} entries.");
                try
                {
                    UnfoldBatchNorm(spec, next, saved, weight, bias, i);
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException)
                {
                    throw new InvalidDataException($"the initial model's {BatchNormKey} is malformed for the batch norm after layer {i}: {e.Message}", e);
                }

                continue;
            }

            // The regression label scale is folded into the last Gemm.
            (double scale, double offset) = specs.Skip(i + 1).Any(s => s.Inference?.OpType == "Gemm") ? (1.0, 0.0) : (targetScale, targetOffset);
            float[] w = spec.Tensor(spec.Inference.Inputs[0]).Values;
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = Unfold(weight[k], scale, 0, i);
            }

            if (spec.Inference.Inputs.Count > 1)
            {
                float[] b = spec.Tensor(spec.Inference.Inputs[1]).Values;
                for (int k = 0; k < b.Length; k++)
                {
                    b[k] = Unfold(bias?[k] ?? 0f, scale, offset, i);
                }
            }
        }

        if (gemm != gemms.Length)
        {
            throw new InvalidDataException($"the initial model's graph has {gemms.Length} Gemm nodes; the network has {gemm} Dense layers.");
        }
    }

    /// <summary>
    /// The batch-norm layer's tensors from the metadata, and its Dense layer's weights unfolded: the export wrote
    /// <c>W' = W * s</c> and <c>b' = (0 - mean) * s + beta</c> with <c>s = gamma / sqrt(var + eps)</c> in double (PendingGemm);
    /// b' is checked against the graph, so metadata from another model is refused.
    /// </summary>
    private static void UnfoldBatchNorm(LayerSpec dense, LayerSpec batchNorm, JsonObject saved, float[] weight, float[]? bias, int layer)
    {
        foreach (LayerTensor t in batchNorm.Tensors)
        {
            byte[] bytes = Convert.FromBase64String(saved[t.Name]?.GetValue<string>() ?? throw new InvalidDataException($"the initial model's {BatchNormKey} has no '{t.Name}' for the batch norm after layer {layer}."));
            if (bytes.Length != t.Values.Length * sizeof(float))
            {
                throw new InvalidDataException($"the initial model's {BatchNormKey} holds {bytes.Length / sizeof(float)} values of '{t.Name}' for the batch norm after layer {layer}; it has {t.Values.Length} units.");
            }

            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(t.Values);
        }

        LayerOperator op = batchNorm.Inference!;
        float[] gamma = batchNorm.Tensor(op.Inputs[0]).Values, beta = batchNorm.Tensor(op.Inputs[1]).Values;
        float[] mean = batchNorm.Tensor(op.Inputs[2]).Values, variance = batchNorm.Tensor(op.Inputs[3]).Values;
        double epsilon = op.FloatAttributes["epsilon"];
        float[] w = dense.Tensor(dense.Inference!.Inputs[0]).Values;
        int outputs = gamma.Length;
        for (int j = 0; j < outputs; j++)
        {
            double s = gamma[j] / Math.Sqrt((double)variance[j] + epsilon);
            if ((float)(((0.0 - mean[j]) * s) + beta[j]) != (bias?[j] ?? float.NaN))
            {
                throw new InvalidDataException($"the batch-norm parameters the initial model records do not match its graph (layer {layer}, unit {j}).");
            }

            for (int k = j; k < w.Length; k += outputs)
            {
                w[k] = Unfold(weight[k], s, 0, layer);
            }
        }
    }

    /// <summary>The float x whose fold <c>(float)(x * a + c)</c> (in double, one rounding) is <paramref name="folded"/>: the nearest to the exact inverse.</summary>
    internal static float Unfold(float folded, double a, double c, int layer)
    {
        if (a == 1.0 && c == 0.0)
        {
            return folded;
        }

        if (a == 0.0)
        {
            return 0f; // every x folds to c
        }

        float x = (float)((folded - c) / a);
        for (int step = 0; step < 64 && float.IsFinite(x); step++)
        {
            float y = (float)((x * a) + c);
            if (y == folded)
            {
                return x;
            }

            x = (y < folded) == (a > 0) ? MathF.BitIncrement(x) : MathF.BitDecrement(x);
        }

        throw new InvalidDataException($"the initial model's weight {folded} of layer {layer} cannot be unfolded (scale {a}, offset {c}).");
    }

    private JsonArray ReadBatchNorms()
    {
        if (!_graph.MetadataProps.TryGetValue(BatchNormKey, out string? json))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(json) as JsonArray ?? throw new InvalidDataException($"the initial model's {BatchNormKey} is not a JSON array.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the initial model's {BatchNormKey} is not valid JSON: {e.Message}", e);
        }
    }

    private static float[] Values(Dictionary<string, OnnxTensorInfo> initializers, OnnxNodeInfo node, int input, LayerTensor expected, int layer)
    {
        OnnxTensorInfo tensor = node.Inputs.Count > input && initializers.TryGetValue(node.Inputs[input], out OnnxTensorInfo? t)
            ? t : throw new InvalidDataException($"the initial model's Gemm '{node.Name}' has no weight initializer.");
        if (!tensor.Dims.SequenceEqual(expected.Shape.Select(d => (long)d)))
        {
            throw new InvalidDataException($"the initial model's Gemm '{node.Name}' has weights [{string.Join(", ", tensor.Dims)}]; layer {layer} needs {expected.ShapeText}.");
        }

        return tensor.ToSingleArray();
    }

    private static bool IsBatchNorm(LayerSpec spec) => spec.Inference?.OpType == "BatchNormalization";

    // LeakyReluSlope matters only with leaky ReLU, the hidden layers' knobs only with hidden layers.
    private static bool Decides(string knob, FeedForwardModelInfo info) => knob switch
    {
        "LeakyReluSlope" => info.Options.GetValueOrDefault("Activation") == "leaky-relu" && info.Options.GetValueOrDefault("HiddenLayers", "").Length > 0,
        "Activation" or "BatchNormalization" => info.Options.GetValueOrDefault("HiddenLayers", "").Length > 0,
        _ => true,
    };

    private static string Show(string value) => value.Length == 0 ? "(none)" : value;

    private static ArgumentException Refuse(string trainer, string why) => new($"{trainer}: {why}.", "initialModel");
}
