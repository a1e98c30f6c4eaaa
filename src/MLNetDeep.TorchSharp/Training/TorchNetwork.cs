namespace MLNetDeep.TorchSharp.Training;

using System.Runtime.InteropServices;
using MLNetDeep.Neural.Layers;
using static global::TorchSharp.torch;

/// <summary>
/// A <see cref="Network"/>'s layers as libtorch tensors on one device, float32: the forward pass in training and
/// inference mode with the engine's conventions, and copies of every parameter and running statistic to and from the
/// managed network's arrays (in <c>Network.WeightArrays</c> order: parameters layer by layer, then state).
/// </summary>
/// <remarks>
/// Batch norm in training uses the batch's biased variance to normalize and updates the running statistics with
/// PyTorch's rule and the unbiased variance (<c>torch.nn.functional.batch_norm</c>, the engine's convention); a batch of
/// one example (training data of one row, or batch size 1: a last batch of one row joins the one before), which libtorch
/// refuses, is normalized by hand with the engine's rule (running variance takes the biased variance, 0). Dropout multiplies by the masks the caller draws, so masks come from the engine's seeded generator.
/// </remarks>
internal sealed class TorchNetwork : IDisposable
{
    private readonly Network _network;
    private readonly TorchLayer[] _layers;
    private readonly Tensor[] _parameters;
    private readonly bool[] _regularized;
    private readonly Tensor[] _all;

    public TorchNetwork(Network network, Device device)
    {
        _network = network;
        Device = device;
        IReadOnlyList<Parameter> managed = network.Parameters;
        _parameters = new Tensor[managed.Count];
        _regularized = new bool[managed.Count];
        var state = new List<Tensor>();
        int dropouts = 0, p = 0;
        var layers = new List<TorchLayer>();
        try
        {
            for (int i = 0; i < network.Layers.Count; i++)
            {
                // One libtorch tensor per tensor the layer describes; its trainable ones come in Network.Parameters' order.
                LayerSpec spec = network.Layers[i].Describe();
                var tensors = new Dictionary<string, Tensor>();
                foreach (LayerTensor t in spec.Tensors)
                {
                    Tensor made = zeros([.. t.Shape.Select(d => (long)d)], ScalarType.Float32, device);
                    tensors.Add(t.Name, made);
                    if (t.IsState)
                    {
                        state.Add(made);
                    }
                    else
                    {
                        _regularized[p] = managed[p].Regularized;
                        _parameters[p++] = made.requires_grad_(true);
                    }
                }

                layers.Add(TorchLayer.From(spec, network.Layers[i].OutputSize, name => tensors[name], ref dropouts));
            }
        }
        catch
        {
            foreach (Tensor t in _parameters.Where(t => t is not null).Concat(state))
            {
                t.Dispose();
            }

            throw;
        }

        _layers = [.. layers];
        DropoutLayers = dropouts;
        _all = [.. _parameters, .. state];
        CopyFrom(network.WeightArrays().ToArray());
    }

    public Device Device { get; }

    /// <summary>The trainable tensors, in <see cref="Network.Parameters"/> order.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Whether each parameter is a weight matrix (L2 and weight decay apply).</summary>
    public IReadOnlyList<bool> Regularized => _regularized;

    /// <summary>The number of dropout layers (masks per batch).</summary>
    public int DropoutLayers { get; }

    /// <summary>The width of dropout layer <paramref name="index"/>.</summary>
    public int DropoutWidth(int index) => _layers.First(l => l.DropoutIndex == index).Width;

    /// <summary>The rate of dropout layer <paramref name="index"/>.</summary>
    public float DropoutRate(int index) => _layers.First(l => l.DropoutIndex == index).DropoutRate;

    /// <summary>Runs a batch. <c>x [m, in] -> raw outputs [m, out]</c>.</summary>
    /// <param name="x">The batch on <see cref="Device"/>.</param>
    /// <param name="training">Training mode: batch statistics (updating the running ones) and dropout.</param>
    /// <param name="masks">One mask per dropout layer, <c>[m, width]</c> with values 0 or 1/keep, when training.</param>
    public Tensor Forward(Tensor x, bool training, IReadOnlyList<Tensor>? masks)
    {
        // x [m,in] -> Dense: x W (+ b) -> BatchNorm -> activation -> Dropout ... -> y [m,out]
        Tensor h = x;
        foreach (TorchLayer layer in _layers)
        {
            h = layer.Forward(h, training, masks);
        }

        return h;
    }

    /// <summary>Raw outputs for <paramref name="rows"/> rows in inference mode, chunk by chunk. <c>features [rows, in] -> output [rows, out]</c>.</summary>
    public void Predict(float[] features, int rows, int inputs, float[] output)
    {
        int width = _network.OutputSize;
        const int Chunk = 4096;
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        Tensor all = frombuffer(features, ScalarType.Float32, (long)rows * inputs).view(rows, inputs);
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start);
            using var inner = NewDisposeScope();
            Tensor y = Forward(all.narrow(0, start, n).to(Device), training: false, null).cpu().contiguous();
            MemoryMarshal.Cast<byte, float>(y.bytes).CopyTo(output.AsSpan(start * width, n * width));
        }
    }

    /// <summary>Copies every parameter and running statistic into <paramref name="destination"/> (arrays in <c>Network.WeightArrays</c> order).</summary>
    public void CopyTo(float[][] destination)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < _all.Length; i++)
        {
            Tensor cpu = _all[i].detach().cpu().contiguous();
            MemoryMarshal.Cast<byte, float>(cpu.bytes).CopyTo(destination[i]);
        }
    }

    /// <summary>Copies the tensors into the managed network's own arrays.</summary>
    public void CopyToNetwork() => CopyTo(_network.WeightArrays().ToArray());

    /// <summary>Sets every parameter and running statistic from <paramref name="source"/> (arrays in <c>Network.WeightArrays</c> order).</summary>
    public void CopyFrom(float[][] source)
    {
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        for (int i = 0; i < _all.Length; i++)
        {
            _all[i].copy_(frombuffer(source[i], ScalarType.Float32).view(_all[i].shape));
        }
    }

    /// <summary>Whether every parameter value is finite.</summary>
    public bool ParametersAreFinite()
    {
        using var scope = NewDisposeScope();
        foreach (Tensor p in _parameters)
        {
            if (!p.detach().isfinite().all().item<bool>())
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Tensor t in _all)
        {
            t.Dispose();
        }
    }
}
