namespace MLNetDeep.Legacy.Model;

using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Neural.Layers;

/// <summary>
/// Writes a network's layers (a closed set of kinds) as JSON with their parameters and state as tensors, and builds
/// networks back from that description. Also clones a network (same description, copied weights).
/// </summary>
internal static class NetworkSerializer
{
    public static JsonObject Save(Network network, ModelSaveContext context, string prefix)
    {
        var layers = new JsonArray();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            layers.Add(Describe(layer));
            foreach (Parameter p in layer.Parameters)
            {
                context.AddTensor($"{prefix}{i}.{p.Name}", p.Value);
            }

            for (int s = 0; s < layer.State.Count; s++)
            {
                context.AddTensor($"{prefix}{i}.state{s}", layer.State[s]);
            }
        }

        return new JsonObject { ["inputSize"] = network.InputSize, ["layers"] = layers };
    }

    public static Network Load(JsonObject description, ModelLoadContext context, string prefix)
    {
        int inputSize = description["inputSize"]?.GetValue<int>() ?? throw context.Error("the network has no inputSize");
        JsonArray layers = description["layers"] as JsonArray ?? throw context.Error("the network has no layers");
        if (inputSize < 1 || inputSize > 100_000_000)
        {
            throw context.Error($"the network's inputSize {inputSize} is out of range");
        }

        Network network = Build(inputSize, layers, context.Error);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            foreach (Parameter p in layer.Parameters)
            {
                context.Tensor($"{prefix}{i}.{p.Name}", p.Length).CopyTo(p.Value, 0);
            }

            for (int s = 0; s < layer.State.Count; s++)
            {
                float[] state = layer.State[s];
                context.Tensor($"{prefix}{i}.state{s}", state.Length).CopyTo(state, 0);
            }
        }

        return network;
    }

    /// <summary>A new network with the same layers and a copy of every parameter and state value.</summary>
    public static Network Clone(Network network)
    {
        var layers = new JsonArray(network.Layers.Select(l => (JsonNode)Describe(l)).ToArray());
        Network copy = Build(network.InputSize, layers, why => new InvalidOperationException(why));
        for (int i = 0; i < network.Layers.Count; i++)
        {
            for (int p = 0; p < network.Layers[i].Parameters.Count; p++)
            {
                network.Layers[i].Parameters[p].Value.CopyTo(copy.Layers[i].Parameters[p].Value, 0);
            }

            for (int s = 0; s < network.Layers[i].State.Count; s++)
            {
                network.Layers[i].State[s].CopyTo(copy.Layers[i].State[s], 0);
            }
        }

        copy.Threads = 1;
        return copy;
    }

    public static JsonObject Describe(Layer layer) => layer switch
    {
        Dense d => new JsonObject { ["type"] = "Dense", ["units"] = d.Units, ["bias"] = d.UseBias, ["init"] = d.Initializer.Name },
        BatchNorm b => new JsonObject { ["type"] = "BatchNorm", ["momentum"] = b.Momentum, ["epsilon"] = b.Epsilon },
        Relu => new JsonObject { ["type"] = "ReLU" },
        LeakyRelu l => new JsonObject { ["type"] = "LeakyReLU", ["slope"] = l.Slope },
        Tanh => new JsonObject { ["type"] = "Tanh" },
        Sigmoid => new JsonObject { ["type"] = "Sigmoid" },
        Identity => new JsonObject { ["type"] = "Identity" },
        Softmax => new JsonObject { ["type"] = "Softmax" },
        Dropout d => new JsonObject { ["type"] = "Dropout", ["rate"] = d.Rate },
        _ => throw new InvalidOperationException($"A {layer.GetType().Name} layer cannot be saved: model files hold only MLNetDeep's own layer kinds."),
    };

    private static Network Build(int inputSize, JsonArray layers, Func<string, Exception> error)
    {
        if (layers.Count == 0 || layers.Count > 10_000)
        {
            throw error($"the network has {layers.Count} layers");
        }

        var built = new List<Layer>();
        foreach (JsonNode? node in layers)
        {
            JsonObject o = node as JsonObject ?? throw error("a layer is not an object");
            string type = o["type"]?.GetValue<string>() ?? throw error("a layer has no type");
            try
            {
                built.Add(type switch
                {
                    "Dense" => new Dense(o["units"]!.GetValue<int>(), Neural.Initializers.Initializer.Parse(o["init"]?.GetValue<string>() ?? "he"), o["bias"]!.GetValue<bool>()),
                    "BatchNorm" => new BatchNorm(o["momentum"]!.GetValue<float>(), o["epsilon"]!.GetValue<float>()),
                    "ReLU" => new Relu(),
                    "LeakyReLU" => new LeakyRelu(o["slope"]!.GetValue<float>()),
                    "Tanh" => new Tanh(),
                    "Sigmoid" => new Sigmoid(),
                    "Identity" => new Identity(),
                    "Softmax" => new Softmax(),
                    "Dropout" => new Dropout(o["rate"]!.GetValue<float>()),
                    _ => throw error($"unknown layer kind '{type}' (known: Dense, BatchNorm, ReLU, LeakyReLU, Tanh, Sigmoid, Identity, Softmax, Dropout)"),
                });
            }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw error(string.Create(CultureInfo.InvariantCulture, $"the {type} layer {o.ToJsonString()} is invalid: {e.Message}"));
            }
        }

        return new Network(inputSize, built);
    }
}
